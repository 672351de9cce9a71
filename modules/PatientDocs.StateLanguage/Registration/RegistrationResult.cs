using PatientDocs.StateLanguage.Language;
using PatientDocs.StateLanguage.Storage;

namespace PatientDocs.StateLanguage.Registration;

/// <summary>What registering a definition came to: the registered row, the errors that reject it, or a version already registered.</summary>
public sealed record RegistrationResult(WorkflowRow? Registered, IReadOnlyList<LanguageError> Errors, bool Conflict, string? Name = null, string? Version = null)
{
    public static RegistrationResult Invalid(IReadOnlyList<LanguageError> errors) => new(null, errors, false);

    public static RegistrationResult Exists(string name, string version) => new(null, [], true, name, version);
}

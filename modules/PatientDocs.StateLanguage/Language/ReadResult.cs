namespace PatientDocs.StateLanguage.Language;

/// <summary>A definition read from text: the machine, or the errors that stop it from being read.</summary>
public sealed record ReadResult(StateMachine? Machine, IReadOnlyList<LanguageError> Errors);

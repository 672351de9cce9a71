namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Why a definition was rejected: the state at fault (null for the definition's own fields), the field, and a message that
/// names both the state and, for a dangling reference, the missing name.
/// </summary>
public sealed record LanguageError(string? State, string Field, string Message);

namespace PatientDocs.StateLanguage.Language;

/// <summary>A Task's catch: the error types it handles (<c>States.ALL</c> or <c>*</c>: every one) and the state it goes to.</summary>
public sealed record CatchSpec(IReadOnlyList<string> ErrorTypes, string Next);

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>A page of a list and the count of every match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

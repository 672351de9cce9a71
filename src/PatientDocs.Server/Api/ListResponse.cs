namespace PatientDocs.Server.Api;

/// <summary>Elsa's <c>ListResponse&lt;T&gt;</c>.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, long Count);

namespace PatientDocs.Server.Api;

/// <summary>Elsa's <c>PagedListResponse&lt;T&gt;</c>; <see cref="Links"/> gate Studio's list buttons.</summary>
public sealed record PagedListResponse<T>(IReadOnlyList<T> Items, long TotalCount, IReadOnlyList<Link>? Links = null);

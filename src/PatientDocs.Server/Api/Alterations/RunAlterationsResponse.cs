namespace PatientDocs.Server.Api.Alterations;

/// <summary>Elsa's run response: one result per instance, in request order.</summary>
public sealed record RunAlterationsResponse(IReadOnlyList<RunAlterationsResult> Results);

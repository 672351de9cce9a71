namespace PatientDocs.Server.Api.Instances;

/// <summary>The filter body Studio POSTs to <c>/workflow-instances</c>; statuses travel as strings.</summary>
public sealed record ListWorkflowInstancesRequest
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    public string? SearchTerm { get; init; }
    public string? DefinitionId { get; init; }
    public IReadOnlyList<string>? DefinitionIds { get; init; }
    public string? CorrelationId { get; init; }
    public int? Version { get; init; }
    public bool? HasIncidents { get; init; }
    public bool? IsSystem { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public string? SubStatus { get; init; }
    public IReadOnlyList<string>? SubStatuses { get; init; }
    public string? OrderBy { get; init; }
    public string? OrderDirection { get; init; }
}

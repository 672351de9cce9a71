namespace PatientDocs.Bench.Api;

/// <summary>The fields of an Elsa workflow-instance summary the bench reads.</summary>
public sealed record InstanceSummary(
    string Id,
    string? DefinitionId,
    string? Status,
    string? SubStatus,
    int IncidentCount,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FinishedAt);

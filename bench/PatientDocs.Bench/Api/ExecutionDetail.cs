namespace PatientDocs.Bench.Api;

/// <summary>What the bench reads of <c>GET /workflow-executions/{id}</c>.</summary>
public sealed record ExecutionDetail(
    string ExecutionId,
    string Status,
    string? CurrentState,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<ExecutionStep> Steps);

namespace PatientDocs.StateLanguage.Executions;

/// <summary>One item of <c>GET /workflow-executions</c>.</summary>
public sealed record ExecutionSummary(
    string ExecutionId,
    string WorkflowName,
    string WorkflowVersion,
    string Status,
    string? CurrentState,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);

using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Executions;

/// <summary><c>GET /workflow-executions/{id}</c>: the execution as read from the engine's instance and its activity executions.</summary>
public sealed record ExecutionView
{
    public required string ExecutionId { get; init; }
    public required string WorkflowName { get; init; }
    public required string WorkflowVersion { get; init; }
    public required string Status { get; init; }
    public string? CurrentState { get; init; }
    public JsonNode? Input { get; init; }

    /// <summary>The final data on success; null otherwise.</summary>
    public JsonNode? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required IReadOnlyList<StepView> Steps { get; init; }

    public ExecutionSummary ToSummary() => new(ExecutionId, WorkflowName, WorkflowVersion, Status, CurrentState, StartedAt, EndedAt);

    /// <summary>The step with this id, or else the latest step of the state with this name (its own, before its compensation's).</summary>
    public StepView? FindStep(string stepIdOrState) =>
        Steps.FirstOrDefault(s => s.StepId == stepIdOrState)
        ?? Steps.LastOrDefault(s => s.StateName == stepIdOrState && s.Type != Language.StateTypes.Compensation)
        ?? Steps.LastOrDefault(s => s.StateName == stepIdOrState);
}

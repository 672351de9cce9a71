using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PatientDocs.StateLanguage.Executions;

/// <summary>One state visited (or one compensation run): <c>GET /workflow-executions/{id}</c>'s <c>steps</c> and <c>…/steps/{stepId}</c>.</summary>
public sealed record StepView
{
    public required string StepId { get; init; }
    public required string StateName { get; init; }
    public required string Type { get; init; }
    public required string Status { get; init; }

    /// <summary>Task and Compensation steps only.</summary>
    public int? Attempts { get; init; }
    public JsonNode? Input { get; init; }
    public JsonNode? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The index of the Parallel branch the state is in; absent outside branches.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Branch { get; init; }
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Execution;

/// <summary>What a finished task hands back to its instance (stored as the work item's JSON payload).</summary>
public sealed record TaskResumePayload
{
    public bool Succeeded { get; init; }

    /// <summary>Output property values of the task activity, by camelCase output name.</summary>
    public JsonObject? Outputs { get; init; }

    public string Port { get; init; } = "Done";

    /// <summary>Every port to follow when the task completed through more than <see cref="Port"/>.</summary>
    public IReadOnlyList<string>? Ports { get; init; }

    public string? Error { get; init; }

    /// <summary>For a failure: the port to complete through instead of faulting, when the workflow connects it.</summary>
    public string? FailurePort { get; init; }
}

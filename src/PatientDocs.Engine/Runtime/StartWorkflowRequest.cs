using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Runtime;

/// <summary>What starts an instance: the definition (published version for triggers), input and correlation.</summary>
public sealed record StartWorkflowRequest
{
    public required string DefinitionId { get; init; }

    public VersionOptions VersionOptions { get; init; } = VersionOptions.Published;

    public JsonObject? Input { get; init; }

    public string? CorrelationId { get; init; }

    public string? Name { get; init; }

    /// <summary>The instance that started this one as its child, if any.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The queue every task activity of the instance runs on instead of its own (a child's TaskQueue input); null keeps their own.</summary>
    public string? TaskQueue { get; init; }

    /// <summary>The trigger that fired (an HTTP endpoint activity), if any.</summary>
    public string? TriggerActivityId { get; init; }
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities.Children;

/// <summary>What resumes an activity that started a child: the child created (not waited for), finished, or not startable.</summary>
public sealed record ChildWorkflowResult
{
    public string? InstanceId { get; init; }

    /// <summary>Null while the child has only been created (the activity did not wait).</summary>
    public WorkflowSubStatus? SubStatus { get; init; }
    public JsonObject? Output { get; init; }

    /// <summary>Why the child could not be started (no published definition).</summary>
    public string? Error { get; init; }

    public bool IsFinished => SubStatus is not null;

    /// <summary>The activity's fault message when the child did not finish successfully, otherwise null.</summary>
    public string? FaultMessage => Error ?? SubStatus switch
    {
        WorkflowSubStatus.Faulted => $"Child workflow instance {InstanceId} faulted.",
        WorkflowSubStatus.Cancelled => $"Child workflow instance {InstanceId} was cancelled.",
        _ => null,
    };

    public JsonObject ToJson() => new()
    {
        ["instanceId"] = InstanceId,
        ["subStatus"] = SubStatus?.ToString(),
        ["output"] = Output?.DeepClone(),
        ["error"] = Error,
    };

    public static ChildWorkflowResult Parse(JsonNode? payload)
    {
        if (payload is not JsonObject o)
        {
            return new ChildWorkflowResult { Error = "The child workflow's result was empty." };
        }

        return new ChildWorkflowResult
        {
            InstanceId = Text(o["instanceId"]),
            SubStatus = Enum.TryParse<WorkflowSubStatus>(Text(o["subStatus"]), out var s) ? s : null,
            Output = o["output"]?.DeepClone() as JsonObject,
            Error = Text(o["error"]),
        };
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.StateLanguage.Executions;

/// <summary>
/// An execution's status, input and ending as its instance record alone tells them: the compiled end activity writes
/// <c>{status, error, cause, currentState, data}</c> to the instance's output; an engine incident fails it with its message.
/// </summary>
public sealed record InstanceOutcome(string Status, JsonNode? Input, JsonNode? Data, string? Error, string? Cause, string? CurrentState, DateTimeOffset? EndedAt)
{
    /// <summary>The error type of an execution failed by an engine incident rather than by one of its states.</summary>
    public const string RuntimeError = "States.Runtime";

    public static InstanceOutcome From(InstanceRecord instance)
    {
        var state = Parse(instance.State);
        var input = state?["input"]?.DeepClone();
        var output = state?["output"] as JsonObject;
        if (instance.Status == WorkflowStatus.Finished)
        {
            if (instance.SubStatus == WorkflowSubStatus.Cancelled)
            {
                return new(ExecutionStatuses.Cancelled, input, null, null, null, Text(output, "currentState"), instance.FinishedAt);
            }

            var status = Text(output, "status") ?? (instance.SubStatus == WorkflowSubStatus.Faulted ? ExecutionStatuses.Failed : ExecutionStatuses.Succeeded);
            var data = status == ExecutionStatuses.Succeeded ? output?["data"]?.DeepClone() : null;
            return new(status, input, data, Text(output, "error"), Text(output, "cause"), Text(output, "currentState"), instance.FinishedAt);
        }

        if (instance.SubStatus == WorkflowSubStatus.Faulted)
        {
            var incident = (state?["incidents"] as JsonArray)?.FirstOrDefault() as JsonObject;
            return new(ExecutionStatuses.Failed, input, null, RuntimeError, Text(incident, "message") ?? "The engine stopped the execution.", null, instance.UpdatedAt);
        }

        return new(ExecutionStatuses.Running, input, null, null, null, null, null);
    }

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonObject? node, string name) =>
        node?[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Runtime;

/// <summary>The payload of a Start work item: <c>{"input": {...}, "triggerActivityId": "...", "taskQueue": "..."}</c>.</summary>
internal sealed record StartPayload(JsonObject? Input, string? TriggerActivityId, string? TaskQueue = null)
{
    public string ToJson() => new JsonObject
    {
        ["input"] = Input?.DeepClone(),
        ["triggerActivityId"] = TriggerActivityId,
        ["taskQueue"] = TaskQueue,
    }.ToJsonString();

    public static StartPayload Parse(string? json) =>
        RuntimeJson.Parse(json) is JsonObject o
            ? new StartPayload(o["input"] as JsonObject, Text(o["triggerActivityId"]), Text(o["taskQueue"]))
            : new StartPayload(null, null);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

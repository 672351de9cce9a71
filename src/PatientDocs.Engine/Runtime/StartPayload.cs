using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Runtime;

/// <summary>The payload of a Start work item: <c>{"input": {...}, "triggerActivityId": "..."}</c>.</summary>
internal sealed record StartPayload(JsonObject? Input, string? TriggerActivityId)
{
    public string ToJson() => new JsonObject
    {
        ["input"] = Input?.DeepClone(),
        ["triggerActivityId"] = TriggerActivityId,
    }.ToJsonString();

    public static StartPayload Parse(string? json) =>
        RuntimeJson.Parse(json) is JsonObject o
            ? new StartPayload(o["input"] as JsonObject, o["triggerActivityId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
            : new StartPayload(null, null);
}

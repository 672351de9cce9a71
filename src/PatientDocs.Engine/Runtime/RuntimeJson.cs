using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Execution;

namespace PatientDocs.Engine.Runtime;

/// <summary>The JSON payloads the runtime writes into work items and task rows (camelCase, like the API).</summary>
internal static class RuntimeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(TaskResumePayload payload) => JsonSerializer.Serialize(payload, Options);

    /// <summary>The payload of the work item that resumes a fan-out's bookmark once its last item finished.</summary>
    public static string GroupCompleted(string groupId) => new JsonObject { ["taskGroupId"] = groupId }.ToJsonString();

    public static string? GroupIdOf(string? payload) =>
        payload is not null && payload.Contains("\"taskGroupId\"", StringComparison.Ordinal)
            && JsonNode.Parse(payload) is JsonObject o && o["taskGroupId"] is JsonValue v && v.TryGetValue<string>(out var id)
            ? id
            : null;

    public static JsonNode? Parse(string? json) => string.IsNullOrEmpty(json) ? null : JsonNode.Parse(json);
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Triggers;

/// <summary>The workflow input an HTTP trigger starts with: the body's fields at the top level and the whole body as <c>body</c>.</summary>
public static class TriggerInput
{
    /// <param name="body">The request body.</param>
    /// <param name="query">The query string's parameters, each with its values joined as the host reads them.</param>
    public static JsonObject From(JsonNode? body, IReadOnlyList<KeyValuePair<string, string>>? query = null)
    {
        var input = body is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject();
        input["body"] = body?.DeepClone();
        if (query is { Count: > 0 })
        {
            input["query"] = new JsonObject(query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)JsonValue.Create(q.Value))));
        }

        return input;
    }
}

using System.Text.Json.Nodes;

namespace PatientDocs.Server.Triggers;

/// <summary>The workflow input an HTTP trigger starts with: the body's fields at the top level and the whole body as <c>body</c>.</summary>
public static class TriggerInput
{
    public static JsonObject From(JsonNode? body, IQueryCollection? query = null)
    {
        var input = body is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject();
        input["body"] = body?.DeepClone();
        if (query is { Count: > 0 })
        {
            input["query"] = new JsonObject(query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)JsonValue.Create(q.Value.ToString()))));
        }

        return input;
    }
}

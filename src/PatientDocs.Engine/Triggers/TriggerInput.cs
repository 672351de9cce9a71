using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Triggers;

/// <summary>
/// The workflow input an HTTP trigger starts with: the body's fields at the top level, the whole body as <c>body</c>, and
/// the request's <c>query</c>, <c>routeData</c> and <c>headers</c> (each an object of strings, or of string arrays for
/// repeated names), which the <c>Elsa.HttpEndpoint</c> start activity hands on as its outputs.
/// </summary>
public static class TriggerInput
{
    public static JsonObject From(JsonNode? body, JsonObject? query = null, JsonObject? routeData = null, JsonObject? headers = null)
    {
        var input = body is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject();
        input["body"] = body?.DeepClone();
        Add(input, "query", query);
        Add(input, "routeData", routeData);
        Add(input, "headers", headers);
        return input;
    }

    private static void Add(JsonObject input, string name, JsonObject? values)
    {
        if (values is { Count: > 0 })
        {
            input[name] = values.DeepClone();
        }
    }
}

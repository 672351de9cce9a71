using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Reads Elsa's header inputs: <c>{"name": ["value", …]}</c>, or a single string per name, or that JSON as a string.</summary>
internal static class HttpHeadersJson
{
    public static Dictionary<string, string[]> Read(JsonNode? headers)
    {
        var result = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (headers is null || ValueConverter.AsStructured(headers) is not JsonObject obj)
        {
            return result;
        }

        foreach (var (name, value) in obj)
        {
            result[name] = value switch
            {
                null => [],
                JsonArray array => array.Select(Text).ToArray(),
                _ => [Text(value)],
            };
        }

        return result;
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Reads expected status codes as Elsa stores them: <c>[200, 404]</c>, <c>"200, 404"</c>, or cases <c>[{statusCode: 200}]</c>.</summary>
internal static class HttpStatusCodes
{
    public static IReadOnlyCollection<int> Read(JsonNode? value)
    {
        if (value is null)
        {
            return [];
        }

        var structured = ValueConverter.AsStructured(value);
        IEnumerable<JsonNode?> items = structured is JsonArray array ? array : [structured];
        var codes = new List<int>();
        foreach (var item in items)
        {
            var code = item is JsonObject obj ? obj["statusCode"] ?? obj["StatusCode"] : item;
            foreach (var text in Texts(code))
            {
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && !codes.Contains(parsed))
                {
                    codes.Add(parsed);
                }
            }
        }

        return codes;
    }

    private static string[] Texts(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => [v.ToJsonString()],
        _ => [],
    };
}

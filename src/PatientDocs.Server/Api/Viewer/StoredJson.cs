using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>Turns the store's JSON text columns back into JSON for the response (text that is not JSON stays a string).</summary>
public static class StoredJson
{
    public static JsonNode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    public static JsonObject ParseObject(string? text) => Parse(text) as JsonObject ?? [];
}

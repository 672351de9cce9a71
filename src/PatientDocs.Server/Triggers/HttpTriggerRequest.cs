using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace PatientDocs.Server.Triggers;

/// <summary>
/// Reads a trigger request as Elsa's HTTP endpoint does: the body parsed by content type (JSON, form fields, or text), the
/// query string and headers as objects whose repeated names hold arrays.
/// </summary>
public static class HttpTriggerRequest
{
    private const long MaxBodyBytes = 1024 * 1024;

    // Credentials would be kept in the instance's input and shown in the instance viewer.
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key" };

    /// <summary>The parsed body, or null when there is none; an error message when it is malformed or too large.</summary>
    public static async Task<(JsonNode? Body, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, $"The body must be at most {MaxBodyBytes} bytes.");
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return (ToJson(form), null);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (text.Length > MaxBodyBytes)
        {
            return (null, $"The body must be at most {MaxBodyBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (!IsJson(request.ContentType))
        {
            return (JsonValue.Create(text), null);
        }

        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException exception)
        {
            return (null, "The body is not valid JSON: " + exception.Message.Split(" Path:", 2)[0]);
        }
    }

    public static JsonObject Query(HttpRequest request) => ToJson(request.Query);

    /// <summary>The request headers but credentials (<c>Authorization</c>, <c>Cookie</c>, <c>X-Api-Key</c>).</summary>
    public static JsonObject Headers(HttpRequest request) => ToJson(request.Headers.Where(h => !SecretHeaders.Contains(h.Key)));

    // No content type is read as JSON, as the trigger always has.
    private static bool IsJson(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType)
        || contentType.Split(';', 2)[0].Trim() is var media && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || media.Equals("text/json", StringComparison.OrdinalIgnoreCase));

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values)
        {
            result[key] = value.Count <= 1
                ? JsonValue.Create(value.ToString())
                : new JsonArray(value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        return result;
    }
}

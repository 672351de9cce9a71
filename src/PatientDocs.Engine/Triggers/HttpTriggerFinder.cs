using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Triggers;

/// <summary>Finds the published definitions whose <c>Elsa.HttpEndpoint</c> start activities listen on a path and method.</summary>
public sealed class HttpTriggerFinder(IWorkflowStore store)
{
    private static readonly HashSet<string> HttpEndpointTypes = ["Elsa.HttpEndpoint"];
    private const string WriteHttpResponseType = "Elsa.WriteHttpResponse";

    /// <summary>The trigger whose path is exactly <paramref name="path"/> (no route parameters matched) and accepts the method.</summary>
    public async Task<HttpTrigger?> FindAsync(string path, string method, CancellationToken cancellationToken)
    {
        var wanted = Normalise(path);
        return (await ListAsync(cancellationToken)).FirstOrDefault(t =>
            string.Equals(t.Path, wanted, StringComparison.OrdinalIgnoreCase) && t.Methods.Contains(method, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Every HTTP trigger of every published definition, in the store's definition order.</summary>
    public async Task<IReadOnlyList<HttpTrigger>> ListAsync(CancellationToken cancellationToken)
    {
        var triggers = new List<HttpTrigger>();
        await foreach (var definition in PublishedDefinitions.ReadAsync(store, cancellationToken))
        {
            triggers.AddRange(TriggersOf(definition));
        }

        return triggers;
    }

    /// <summary>Every <c>Elsa.HttpEndpoint</c> that may start the workflow and has a literal path (see <see cref="TriggerActivities"/>).</summary>
    public static IEnumerable<HttpTrigger> TriggersOf(WorkflowDefinition definition)
    {
        var writesResponse = TriggerActivities.Contains(definition, WriteHttpResponseType);
        foreach (var activity in TriggerActivities.Of(definition, HttpEndpointTypes, unflaggedDirectStarts: true))
        {
            if (TriggerActivities.Literal(activity["path"]) is { } path)
            {
                yield return new HttpTrigger(
                    definition.DefinitionId, definition.Id, Text(activity["id"]) ?? "", Normalise(path), MethodsOf(activity["supportedMethods"]), AuthorizeOf(activity["authorize"]), writesResponse, PolicyOf(activity["policy"]));
            }
        }
    }

    public static string Normalise(string path) => path.Trim().Trim('/');

    private static List<string> MethodsOf(JsonNode? input)
    {
        var value = input is JsonObject wrapped ? wrapped["expression"]?["value"] : input;
        var methods = value switch
        {
            JsonArray array => array.Select(Text).OfType<string>().ToList(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ParseList(v.GetValue<string>()),
            _ => [],
        };
        // Elsa's default when the designer stored no methods.
        return methods.Count > 0 ? methods.Select(m => m.ToUpperInvariant()).ToList() : ["GET"];
    }

    /// <summary>The <c>policy</c> input's name; null when absent or blank, <see cref="HttpTrigger.UnreadablePolicy"/> for an expression.</summary>
    public static string? PolicyOf(JsonNode? input)
    {
        if (input is JsonObject wrapped && Text(wrapped["expression"]?["type"]) is not (null or "Literal" or "Object"))
        {
            return string.IsNullOrWhiteSpace(Text(wrapped["expression"]?["value"])) ? null : HttpTrigger.UnreadablePolicy;
        }

        var value = input is JsonObject literal ? literal["expression"]?["value"] : input;
        return Text(value) is { } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : null;
    }

    /// <summary>
    /// Elsa's rule: an endpoint asks for authorization explicitly (<c>authorize</c> true). An expression that cannot be read
    /// without running the workflow, or a value that is not a boolean, counts as asking.
    /// </summary>
    public static bool AuthorizeOf(JsonNode? input)
    {
        var value = input;
        if (input is JsonObject wrapped)
        {
            var type = Text(wrapped["expression"]?["type"]);
            if (type is not (null or "Literal" or "Object"))
            {
                return true;
            }

            value = wrapped["expression"]?["value"];
        }

        return value switch
        {
            null => false,
            JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
            JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => AuthorizeText(v.GetValue<string>()),
            _ => true,
        };
    }

    private static bool AuthorizeText(string text) => text.Trim() switch
    {
        "" => false,
        var trimmed => !bool.TryParse(trimmed, out var parsed) || parsed,
    };

    private static List<string> ParseList(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonArray array ? array.Select(Text).OfType<string>().ToList() : [text];
        }
        catch (JsonException)
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }
    }

    private static string? Text(JsonNode? node) => TriggerActivities.Text(node);
}

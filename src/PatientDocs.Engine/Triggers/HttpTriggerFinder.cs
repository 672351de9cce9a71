using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Triggers;

/// <summary>Finds the published definitions whose <c>Elsa.HttpEndpoint</c> start activities listen on a path and method.</summary>
public sealed class HttpTriggerFinder(IWorkflowStore store)
{
    private const string HttpEndpointType = "Elsa.HttpEndpoint";
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
        for (var page = 0; ; page++)
        {
            var batch = await store.ListDefinitionsAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published, Page = page, PageSize = 200 }, cancellationToken);
            foreach (var definition in batch.Items)
            {
                triggers.AddRange(TriggersOf(definition));
            }

            if (batch.Items.Count < 200)
            {
                return triggers;
            }
        }
    }

    /// <summary>
    /// Elsa's indexing: every <c>Elsa.HttpEndpoint</c> in the root's structure that may start the workflow. The root itself and
    /// its direct activities (a flowchart's, a sequence's) count unless flagged otherwise; deeper ones only when flagged
    /// <c>canStartWorkflow</c>, since there an unflagged endpoint waits for a request instead of starting the workflow.
    /// </summary>
    public static IEnumerable<HttpTrigger> TriggersOf(WorkflowDefinition definition)
    {
        if (definition.Root is not { } root)
        {
            yield break;
        }

        var writesResponse = Contains(root, WriteHttpResponseType);
        var direct = (root["activities"] as JsonArray)?.OfType<JsonObject>().Prepend(root).ToHashSet() ?? [root];
        foreach (var activity in ActivitiesIn(root))
        {
            if (Text(activity["type"]) != HttpEndpointType || !CanStartWorkflow(activity, direct.Contains(activity)) || LiteralOf(activity["path"]) is not { } path)
            {
                continue;
            }

            yield return new HttpTrigger(
                definition.DefinitionId, definition.Id, Text(activity["id"]) ?? "", Normalise(path), MethodsOf(activity["supportedMethods"]), AuthorizeOf(activity["authorize"]), writesResponse);
        }
    }

    public static string Normalise(string path) => path.Trim().Trim('/');

    // Elsa marks trigger activities with customProperties.canStartWorkflow; at the top a file without the flag still means it.
    private static bool CanStartWorkflow(JsonObject activity, bool direct) =>
        activity["customProperties"]?["canStartWorkflow"] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? flag.GetValueKind() == JsonValueKind.True
            : direct;

    // Containers nest activities under several keys (activities, body, then, cases…): every object with a type, depth first.
    private static IEnumerable<JsonObject> ActivitiesIn(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue && obj["id"] is JsonValue)
                {
                    yield return obj;
                }

                foreach (var child in obj.Where(p => p.Key != "customProperties").SelectMany(p => ActivitiesIn(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(ActivitiesIn))
                {
                    yield return child;
                }

                break;
        }
    }

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

    // Containers nest activities under several keys (activities, body, then, cases…): any object of the type counts.
    private static bool Contains(JsonNode? node, string type) => node switch
    {
        JsonObject obj => Text(obj["type"]) == type || obj.Any(p => Contains(p.Value, type)),
        JsonArray array => array.Any(n => Contains(n, type)),
        _ => false,
    };

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

    private static string? LiteralOf(JsonNode? input) =>
        input is JsonObject wrapped ? Text(wrapped["expression"]?["value"]) : Text(input);

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Triggers;

/// <summary>
/// Reads a definition's trigger activities as Elsa indexes them: every activity of a trigger type anywhere in the root's
/// structure that may start the workflow. Elsa's designer stores that choice in <c>customProperties.canStartWorkflow</c>;
/// when a file leaves it out, <paramref name="unflaggedDirectStarts"/> says whether the root's own activities still count
/// (an HTTP endpoint or a schedule at the top of a hand-written file means a trigger; an event there does not, as in Elsa).
/// Deeper activities count only when flagged: there an unflagged one waits inside a running instance instead.
/// </summary>
public static class TriggerActivities
{
    public static IEnumerable<JsonObject> Of(WorkflowDefinition definition, IReadOnlySet<string> types, bool unflaggedDirectStarts)
    {
        if (definition.Root is not { } root)
        {
            yield break;
        }

        var direct = (root["activities"] as JsonArray)?.OfType<JsonObject>().Prepend(root).ToHashSet() ?? [root];
        foreach (var activity in ActivitiesIn(root))
        {
            if (Text(activity["type"]) is { } type && types.Contains(type) && CanStartWorkflow(activity, unflaggedDirectStarts && direct.Contains(activity)))
            {
                yield return activity;
            }
        }
    }

    /// <summary>True when any activity of <paramref name="type"/> is anywhere in the root's structure.</summary>
    public static bool Contains(WorkflowDefinition definition, string type) => Contains(definition.Root, type);

    /// <summary>
    /// An input's value when it is known without running the workflow: a bare value, or a <c>Literal</c> expression's. An
    /// expression of another kind needs an instance to evaluate, and a trigger has none yet: null.
    /// </summary>
    public static string? Literal(JsonNode? input)
    {
        if (input is not JsonObject wrapped)
        {
            return Text(input);
        }

        return Text(wrapped["expression"]?["type"]) is null or "Literal" ? Text(wrapped["expression"]?["value"]) : null;
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool CanStartWorkflow(JsonObject activity, bool byDefault) =>
        activity["customProperties"]?["canStartWorkflow"] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? flag.GetValueKind() == JsonValueKind.True
            : byDefault;

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

    private static bool Contains(JsonNode? node, string type) => node switch
    {
        JsonObject obj => Text(obj["type"]) == type || obj.Any(p => Contains(p.Value, type)),
        JsonArray array => array.Any(n => Contains(n, type)),
        _ => false,
    };
}

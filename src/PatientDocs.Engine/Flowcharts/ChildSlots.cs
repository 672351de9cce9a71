using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Flowcharts;

/// <summary>
/// Where Elsa's structured containers keep their child activities in the JSON, named as slots: <c>activities/0</c>,
/// <c>branches/1</c>, <c>cases/2</c>, <c>then</c>, <c>else</c>, <c>default</c>, <c>body</c>, and
/// SendHttpRequest's <c>expectedStatusCodes/0</c> (a status code's case), <c>unmatchedStatusCode</c>, <c>failedToConnect</c>
/// and <c>timeout</c>.
/// </summary>
public static class ChildSlots
{
    public static IEnumerable<(string Slot, JsonObject Activity)> Of(string type, JsonObject json)
    {
        switch (type)
        {
            case "Elsa.Sequence" or "Elsa.Parallel":
                return Listed(json, "activities", a => a);
            case "Elsa.Fork":
                return Listed(json, "branches", a => a);
            case "Elsa.Switch":
                return Listed(json, "cases", c => c["activity"]).Concat(Named(json, "default"));
            case "Elsa.If":
                return Named(json, "then").Concat(Named(json, "else"));
            case "Elsa.ForEach" or "Elsa.While" or "Elsa.For":
                return Named(json, "body");
            case "Elsa.SendHttpRequest":
                return Listed(json, "expectedStatusCodes", c => c["activity"])
                    .Concat(Named(json, "unmatchedStatusCode")).Concat(Named(json, "failedToConnect")).Concat(Named(json, "timeout"));
            default:
                return [];
        }
    }

    /// <summary>How many slots of a list (<c>activities</c>, <c>branches</c>, <c>cases</c>) the JSON declares, set or not.</summary>
    public static int Count(JsonObject json, string list) => (json[list] as JsonArray)?.Count ?? 0;

    public static string Item(string list, int index) => $"{list}/{index}";

    private static IEnumerable<(string, JsonObject)> Listed(JsonObject json, string list, Func<JsonObject, JsonNode?> select)
    {
        var items = json[list] as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonObject item && select(item) is JsonObject activity && IsActivity(activity))
            {
                yield return (Item(list, i), activity);
            }
        }
    }

    private static IEnumerable<(string, JsonObject)> Named(JsonObject json, string name)
    {
        if (json[name] is JsonObject activity && IsActivity(activity))
        {
            yield return (name, activity);
        }
    }

    private static bool IsActivity(JsonObject json) => json["id"] is JsonValue && json["type"] is JsonValue;
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>Pairs the definition's declared variables with the values in the instance's state snapshot.</summary>
public static class InstanceVariables
{
    public static IReadOnlyList<ResolvedVariableModel> Resolve(InstanceRecord instance, WorkflowDefinition? definition)
    {
        var values = FindValues(StoredJson.Parse(instance.State) as JsonObject);
        var result = new List<ResolvedVariableModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var declared in (definition?.Json["variables"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = Text(declared, "id") ?? Text(declared, "name") ?? "";
            var name = Text(declared, "name") ?? id;
            var value = Lookup(values, id) ?? Lookup(values, name);
            seen.Add(id);
            seen.Add(name);
            result.Add(new ResolvedVariableModel(id, name, Text(declared, "typeName"), value?.DeepClone()));
        }

        foreach (var (key, value) in values)
        {
            if (!seen.Contains(key))
            {
                result.Add(new ResolvedVariableModel(key, key, null, value?.DeepClone()));
            }
        }

        return result;
    }

    // The snapshot keeps variables under "variables" (an object by id or name, or a list of {id, name, value}).
    private static Dictionary<string, JsonNode?> FindValues(JsonObject? state)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var node = state?.FirstOrDefault(p => string.Equals(p.Key, "variables", StringComparison.OrdinalIgnoreCase)).Value;
        if (node is JsonObject byKey)
        {
            foreach (var (key, value) in byKey)
            {
                values[key] = value;
            }
        }
        else if (node is JsonArray list)
        {
            foreach (var item in list.OfType<JsonObject>())
            {
                var key = Text(item, "id") ?? Text(item, "name");
                if (key is not null)
                {
                    values[key] = item["value"];
                }
            }
        }

        return values;
    }

    private static JsonNode? Lookup(Dictionary<string, JsonNode?> values, string key) =>
        values.TryGetValue(key, out var value) ? value : null;

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Definitions;

/// <summary>
/// What a definition used as an activity declares to its parents: its inputs, its outputs and its own variables. The
/// runtime writes it on the inlined body (under <see cref="Key"/>) so the interpreter can scope them to each use.
/// </summary>
public static class DefinitionContract
{
    /// <summary>The property of an inlined body that carries the contract; no Elsa activity has a property of that name.</summary>
    public const string Key = "definitionContract";

    // Properties of Elsa's workflow-definition activity: an input or output named like one is stored with a '_' prefix.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "Id", "NodeId", "Name", "Type", "Version", "CustomProperties", "SyntheticProperties", "Metadata", "CanStartWorkflow",
        "RunAsynchronously", "Root", "Variables", "WorkflowDefinitionId", "WorkflowDefinitionVersionId",
        "LatestAvailablePublishedVersion", "LatestAvailablePublishedVersionId",
    };

    /// <summary>The contract of <paramref name="definition"/>: copies of its <c>inputs</c>, <c>outputs</c> and <c>variables</c>.</summary>
    public static JsonObject Of(WorkflowDefinition definition) => new()
    {
        ["inputs"] = Copy(definition.Json["inputs"]),
        ["outputs"] = Copy(definition.Json["outputs"]),
        ["variables"] = Copy(definition.Json["variables"]),
    };

    /// <summary>The name Elsa gives an input or output on the activity (and in its descriptor): the declared one, prefixed when reserved.</summary>
    public static string SafeName(string name) => Reserved.Contains(name) ? "_" + name : name;

    /// <summary>The property of the activity's JSON that holds a value for <paramref name="safeName"/>: camelCased, as Studio writes it.</summary>
    public static string PropertyName(string safeName) => JsonNamingPolicy.CamelCase.ConvertName(safeName);

    /// <summary>The named items of <paramref name="items"/> (an <c>inputs</c> or <c>outputs</c> array) with their type (Elsa's <c>type</c>).</summary>
    public static IEnumerable<(string Name, string TypeName, JsonObject Json)> Declared(JsonNode? items)
    {
        foreach (var item in items as JsonArray ?? [])
        {
            if (item is JsonObject o && o["name"] is JsonValue n && n.TryGetValue<string>(out var name) && name.Length > 0)
            {
                yield return (name, o["type"]?.ToString() ?? o["typeName"]?.ToString() ?? "Object", o);
            }
        }
    }

    private static JsonArray Copy(JsonNode? items) => items is JsonArray a ? (JsonArray)a.DeepClone() : [];
}

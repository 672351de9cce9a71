using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Definitions;

/// <summary>
/// One version of a workflow definition in Elsa 3 JSON. The JSON object is the source of truth, so every property we do
/// not interpret (designer metadata, customProperties, unknown inputs) survives a load and save unchanged.
/// </summary>
public sealed class WorkflowDefinition
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };

    public WorkflowDefinition(JsonObject json) => Json = json;

    /// <summary>The whole definition as Elsa writes it. Mutations through the typed properties write here.</summary>
    public JsonObject Json { get; }

    public string DefinitionId
    {
        get => GetString("definitionId") ?? "";
        set => Json["definitionId"] = value;
    }

    /// <summary>The id of this version (Elsa's <c>id</c>).</summary>
    public string Id
    {
        get => GetString("id") ?? "";
        set => Json["id"] = value;
    }

    public int Version
    {
        get => Json["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
        set => Json["version"] = value;
    }

    public bool IsLatest
    {
        get => GetBool("isLatest");
        set => Json["isLatest"] = value;
    }

    public bool IsPublished
    {
        get => GetBool("isPublished");
        set => Json["isPublished"] = value;
    }

    public string? Name
    {
        get => GetString("name");
        set => Json["name"] = value;
    }

    public string? Description
    {
        get => GetString("description");
        set => Json["description"] = value;
    }

    public DateTimeOffset CreatedAt
    {
        get => Json["createdAt"] is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, out var d)
            ? d
            : DateTimeOffset.MinValue;
        set => Json["createdAt"] = value.ToString("O");
    }

    /// <summary>The root activity, normally an <c>Elsa.Flowchart</c>.</summary>
    public JsonObject? Root
    {
        get => Json["root"] as JsonObject;
        set => Json["root"] = value;
    }

    public static WorkflowDefinition Parse(string json)
    {
        // Elsa's own files sometimes carry a UTF-8 BOM; JsonNode rejects it.
        var text = json.TrimStart('\uFEFF');
        return JsonNode.Parse(text) is JsonObject obj
            ? new WorkflowDefinition(obj)
            : throw new JsonException("A workflow definition must be a JSON object.");
    }

    public string ToJsonString() => Json.ToJsonString(WriteOptions);

    public WorkflowDefinition Clone() => new((JsonObject)Json.DeepClone());

    private string? GetString(string name) =>
        Json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private bool GetBool(string name) =>
        Json[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Testing;

/// <summary>Builds small Elsa 3 definitions inline (the engine's tests and the runtime's on every store).</summary>
internal static class Wf
{
    public static JsonObject Lit(object? value) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = System.Text.Json.JsonSerializer.SerializeToNode(value) } };

    public static JsonObject LitList(params object[] items) => Lit(items);

    public static JsonObject Js(string script) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } };

    public static JsonObject Var(string name) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Variable", ["value"] = name } };

    public static JsonObject Out(string variable) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable } };

    public static JsonObject A(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var a = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1, ["name"] = id, ["customProperties"] = new JsonObject() };
        foreach (var (name, value) in properties)
        {
            a[name] = value;
        }

        return a;
    }

    public static JsonObject C(string source, string target, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    public static WorkflowDefinition Def(JsonObject[] activities, JsonObject[] connections, params (string Name, string Type, string? Value)[] variables) =>
        Def("def", "v1", activities, connections, variables);

    /// <summary>A definition under its own id (version id <c>{definitionId}-v1</c>), for tests that publish several.</summary>
    public static WorkflowDefinition Def(string definitionId, JsonObject[] activities, JsonObject[] connections, params (string Name, string Type, string? Value)[] variables) =>
        Def(definitionId, $"{definitionId}-v1", activities, connections, variables);

    private static WorkflowDefinition Def(string definitionId, string versionId, JsonObject[] activities, JsonObject[] connections, (string Name, string Type, string? Value)[] variables)
    {
        var json = new JsonObject
        {
            ["id"] = versionId,
            ["definitionId"] = definitionId,
            ["version"] = 1,
            ["variables"] = new JsonArray(variables.Select(v => (JsonNode)new JsonObject { ["id"] = "id-" + v.Name, ["name"] = v.Name, ["typeName"] = v.Type, ["value"] = v.Value }).ToArray()),
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["id"] = "flow",
                ["activities"] = new JsonArray(activities.Cast<JsonNode>().ToArray()),
                ["connections"] = new JsonArray(connections.Cast<JsonNode>().ToArray()),
            },
        };
        return new WorkflowDefinition(json);
    }

    public static JsonObject WriteLine(string id, string text) => A(id, "Elsa.WriteLine", ("text", Lit(text)));

    /// <summary>A definition under its own id (version id <c>{definitionId}-v1</c>) whose root is any activity.</summary>
    public static WorkflowDefinition Named(string definitionId, JsonObject root) => new(new JsonObject
    {
        ["id"] = definitionId + "-v1",
        ["definitionId"] = definitionId,
        ["version"] = 1,
        ["root"] = root,
    });

    /// <summary>A definition whose root is any activity (a Sequence, a Fork…) rather than a flowchart.</summary>
    public static WorkflowDefinition Root(JsonObject root, params (string Name, string Type, string? Value)[] variables) => new(new JsonObject
    {
        ["id"] = "v1",
        ["definitionId"] = "def",
        ["version"] = 1,
        ["variables"] = new JsonArray(variables.Select(v => (JsonNode)new JsonObject { ["id"] = "id-" + v.Name, ["name"] = v.Name, ["typeName"] = v.Type, ["value"] = v.Value }).ToArray()),
        ["root"] = root,
    });

    public static JsonObject Seq(string id, params JsonObject[] activities) => A(id, "Elsa.Sequence", ("activities", new JsonArray(activities.Cast<JsonNode>().ToArray())));

    /// <summary>A nested flowchart activity: its activities linked one after another.</summary>
    public static JsonObject Flow(string id, params JsonObject[] activities) => A(id, "Elsa.Flowchart",
        ("activities", new JsonArray(activities.Cast<JsonNode>().ToArray())),
        ("connections", new JsonArray(activities.Zip(activities.Skip(1), (a, b) => (JsonNode)C(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>())).ToArray())));

    public static JsonObject Delay(string id, string timeSpan = "00:00:05") => A(id, "Elsa.Delay", ("timeSpan", Lit(timeSpan)));
}

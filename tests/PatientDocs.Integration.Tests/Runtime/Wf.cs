using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Builds small Elsa 3 definitions inline.</summary>
internal static class Wf
{
    public static JsonObject Lit(object? value) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = System.Text.Json.JsonSerializer.SerializeToNode(value) } };

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

    public static WorkflowDefinition Def(JsonObject[] activities, JsonObject[] connections, string definitionId = "def")
    {
        var json = new JsonObject
        {
            ["id"] = $"{definitionId}-v1",
            ["definitionId"] = definitionId,
            ["version"] = 1,
            ["variables"] = new JsonArray(),
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
}

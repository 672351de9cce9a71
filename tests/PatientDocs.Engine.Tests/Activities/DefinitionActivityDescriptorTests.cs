using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Tests.Activities;

/// <summary>The toolbox entry of a definition usable as an activity lists its inputs and outputs as Elsa's descriptor factory does.</summary>
public sealed class DefinitionActivityDescriptorTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static JsonObject Describe(JsonObject definition) =>
        JsonSerializer.SerializeToNode(DefinitionActivityDescriptor.Describe(new WorkflowDefinition(definition)), Web)!.AsObject();

    [Fact]
    public void Describe_ListsTheDeclaredInputsAndOutputs_WithTheirTypesAsSyntheticWrappedProperties()
    {
        var descriptor = Describe(new JsonObject
        {
            ["id"] = "sum-v3",
            ["definitionId"] = "sum",
            ["name"] = "Sum",
            ["options"] = new JsonObject { ["usableAsActivity"] = true },
            ["inputs"] = JsonNode.Parse("""
                [{"uiHint":"singleline","storageDriverType":"Elsa.Workflows.Services.WorkflowStorageDriver, Elsa.Workflows.Core","type":"Int32","name":"A","displayName":"First","category":"Primitives","isArray":false},
                 {"uiHint":"multiline","type":"String","name":"Name","displayName":"Name","description":"who"}]
                """),
            ["outputs"] = JsonNode.Parse("""[{"type":"Int32","name":"Result","displayName":"Result","category":"Primitives","isArray":false}]"""),
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "flow", ["activities"] = new JsonArray() },
        });

        var inputs = descriptor["inputs"]!.AsArray();
        Assert.Equal(["A", "_Name"], inputs.Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["Int32", "String"], inputs.Select(i => i!["typeName"]!.GetValue<string>()));
        Assert.Equal(["First", "Name"], inputs.Select(i => i!["displayName"]!.GetValue<string>()));
        Assert.Equal(["singleline", "multiline"], inputs.Select(i => i!["uiHint"]!.GetValue<string>()));
        Assert.All(inputs, i => Assert.True(i!["isSynthetic"]!.GetValue<bool>() && i["isWrapped"]!.GetValue<bool>()));
        Assert.Equal("Primitives", inputs[0]!["category"]!.GetValue<string>());
        Assert.Equal("Elsa.Workflows.Services.WorkflowStorageDriver, Elsa.Workflows.Core", inputs[0]!["storageDriverType"]!.GetValue<string>());
        Assert.Equal("who", inputs[1]!["description"]!.GetValue<string>());
        var output = Assert.Single(descriptor["outputs"]!.AsArray())!;
        Assert.Equal(("Result", "Int32", true), (output["name"]!.GetValue<string>(), output["typeName"]!.GetValue<string>(), output["isSynthetic"]!.GetValue<bool>()));
        Assert.Equal("sum", descriptor["constructionProperties"]!["WorkflowDefinitionId"]!.GetValue<string>());
    }

    [Fact]
    public void Describe_SkipsDeclarationsWithoutAName()
    {
        var descriptor = Describe(new JsonObject
        {
            ["id"] = "v1",
            ["definitionId"] = "d",
            ["name"] = "D",
            ["inputs"] = JsonNode.Parse("""[{"type":"String"},{"type":"String","name":""},{"type":"Double","name":"Amount"}]"""),
            ["outputs"] = JsonNode.Parse("""[{"type":"String","name":"Reviewer"}]"""),
        });

        Assert.Equal("Amount", Assert.Single(descriptor["inputs"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal("Reviewer", Assert.Single(descriptor["outputs"]!.AsArray())!["name"]!.GetValue<string>());
    }
}

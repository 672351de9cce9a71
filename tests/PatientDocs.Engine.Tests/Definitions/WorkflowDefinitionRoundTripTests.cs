using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Tests.Support;

namespace PatientDocs.Engine.Tests.Definitions;

public sealed class WorkflowDefinitionRoundTripTests
{
    [CorpusFact]
    public void RoundTrip_OfAnElsaExportedFile_PreservesEveryProperty()
    {
        var text = File.ReadAllText(Corpus.Path("JoinBehaviors__fork-decision-join-none.json"));
        var definition = WorkflowDefinition.Parse(text);
        definition.Name = definition.Name;

        var written = JsonNode.Parse(definition.ToJsonString());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text.TrimStart('\uFEFF')), written));
        var c = written!["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "768b5a7e58c3ecf8");
        Assert.Equal("Stream", c!["customProperties"]!["mergeMode"]!.GetValue<string>());
    }

    [Fact]
    public void RoundTrip_KeepsDesignerMetadataAndUnknownInputs()
    {
        const string text = """
            {"definitionId":"d","id":"v","version":3,"isLatest":true,"isPublished":false,"toolVersion":"3.8.0.0","futureField":{"x":[1,2]},
             "root":{"type":"Elsa.Flowchart","id":"f","activities":[{"id":"a","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":1.5,"y":2}}},
               "text":{"typeName":"String","expression":{"type":"Literal","value":"t"}},"someOtherInput":{"typeName":"Int32","expression":{"type":"Literal","value":"3"}}}],
               "connections":[],"customProperties":{"notFoundConnections":[]}}}
            """;
        var definition = WorkflowDefinition.Parse(text);
        definition.IsPublished = true;

        var written = JsonNode.Parse(definition.ToJsonString())!;

        Assert.Equal("""{"x":[1,2]}""", written["futureField"]!.ToJsonString());
        Assert.Equal(1.5, written["root"]!["activities"]![0]!["metadata"]!["designer"]!["position"]!["x"]!.GetValue<double>());
        Assert.Equal("3", written["root"]!["activities"]![0]!["someOtherInput"]!["expression"]!["value"]!.GetValue<string>());
        Assert.True(written["isPublished"]!.GetValue<bool>());
    }
}

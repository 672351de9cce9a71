using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>
/// A definition usable as an activity and a parent using it, both published through Elsa's API the way Studio saves them:
/// the parent runs end to end, passing inputs in and reading the output back. One subclass per SQL store.
/// </summary>
public abstract class DefinitionActivityApiTests : ServerTest<StoreServer>
{
    [StoreFact]
    public async Task PublishedThroughTheApi_TheParentPassesInputsAndReadsTheOutput()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var sum = ApiJson.Flow("sum-" + suffix,
            new JsonObject { ["id"] = "set1", ["type"] = "Elsa.SetOutput", ["version"] = 1, ["outputName"] = ApiJson.Literal("Result"), ["outputValue"] = ApiJson.JavaScript("getA() + getInput('B')") });
        sum["name"] = "Sum" + suffix;
        sum["options"] = new JsonObject { ["usableAsActivity"] = true };
        sum["inputs"] = JsonNode.Parse("""[{"type":"Int32","name":"A","displayName":"A","uiHint":"singleline"},{"type":"Int32","name":"B","displayName":"B","uiHint":"singleline"}]""");
        sum["outputs"] = JsonNode.Parse("""[{"type":"Int32","name":"Result","displayName":"Result"}]""");
        await Client.SaveAsync(sum, publish: true);

        // The node as Studio builds it from the toolbox entry: its type, construction properties, and a property per input and output.
        var descriptors = await (await Client.GetAsync("/elsa/api/descriptors/activities?Refresh=True")).ReadObjectAsync();
        var descriptor = descriptors["items"]!.AsArray().Single(d => d.Str("typeName") == "Sum" + suffix)!;
        Assert.Equal(["A", "B"], descriptor["inputs"]!.AsArray().Select(i => i.Str("name")));
        Assert.Equal("Result", Assert.Single(descriptor["outputs"]!.AsArray()).Str("name"));
        var node = new JsonObject
        {
            ["id"] = "sum1",
            ["type"] = descriptor.Str("typeName"),
            ["version"] = 1,
            ["workflowDefinitionId"] = descriptor["constructionProperties"].Str("WorkflowDefinitionId"),
            ["workflowDefinitionVersionId"] = descriptor["constructionProperties"].Str("WorkflowDefinitionVersionId"),
            ["a"] = ApiJson.Literal("4", "Int32"),
            ["b"] = ApiJson.JavaScript("getInput('Base') * 5", "Int32"),
            ["result"] = new JsonObject { ["typeName"] = "Int32", ["memoryReference"] = new JsonObject { ["id"] = "var-total" } },
        };
        var parent = ApiJson.Flow("calculator-" + suffix,
            ApiJson.Start(),
            node,
            new JsonObject { ["id"] = "out1", ["type"] = "Elsa.SetOutput", ["version"] = 1, ["outputName"] = ApiJson.Literal("Total"), ["outputValue"] = ApiJson.JavaScript("`${getTotal()}/${getLastResult()}`") });
        parent["variables"] = JsonNode.Parse("""[{"id":"var-total","name":"Total","typeName":"Int32","value":null}]""");
        parent["inputs"] = JsonNode.Parse("""[{"type":"Int32","name":"Base","displayName":"Base"}]""");
        await Client.SaveAsync(parent, publish: true);

        using var response = await Client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{parent.Str("definitionId")}/execute", new JsonObject { ["input"] = new JsonObject { ["Base"] = 1 } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.ReadObjectAsync()).Str("id");
        var finished = await Client.WaitForInstanceAsync(id, i => i.Str("status") == "Finished");

        Assert.Equal(("Finished", 0), (finished.Str("subStatus"), finished.Int("incidentCount")));
        Assert.Equal("{\"Total\":\"9/9\"}", finished["workflowState"]!["output"]!.ToJsonString());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Studio;

/// <summary>The catalogue endpoints Studio's designer loads: exact shapes, camelCase, enums as strings, never 404.</summary>
public sealed class StudioDescriptorContractTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Activities_ListsDescriptorsWithStringKindsAndFlowPorts()
    {
        var list = await GetListAsync("/elsa/api/descriptors/activities?Refresh=True");

        var items = list["items"]!.AsArray();
        Assert.Equal(items.Count, list.Int("count"));
        var flowchart = items.Single(i => i.Str("typeName") == "Elsa.Flowchart")!;
        Assert.True(flowchart.Bool("isContainer"));
        var writeLine = items.Single(i => i.Str("typeName") == "Elsa.WriteLine")!;
        Assert.Equal("Action", writeLine.Str("kind"));
        Assert.Contains(writeLine["ports"]!.AsArray(), p => p.Str("name") == "Done" && p.Str("type") == "Flow");
        var text = writeLine["inputs"]!.AsArray().Single(i => i.Str("name") == "text")!;
        Assert.True(text.Bool("isWrapped"));
        Assert.NotNull(text["uiHint"]);
        foreach (var item in items.Select(i => i!))
        {
            foreach (var field in new[] { "typeName", "namespace", "name", "category", "displayName", "kind" })
            {
                Assert.True(item[field] is JsonValue, $"{item["typeName"]} lacks {field}");
            }

            Assert.IsType<JsonArray>(item["ports"]);
            Assert.IsType<JsonArray>(item["inputs"]);
            Assert.IsType<JsonArray>(item["outputs"]);
        }
    }

    [Fact]
    public async Task Activities_APublishedDefinitionUsableAsActivity_IsListedUnderItsNameWithItsOutcomes()
    {
        var name = "Approval" + Guid.NewGuid().ToString("N")[..8];
        var model = ApiJson.Model("studio-usable-" + Guid.NewGuid().ToString("N")[..8]);
        model["name"] = name;
        model["options"] = new JsonObject { ["usableAsActivity"] = true };
        model["inputs"] = new JsonArray(new JsonObject { ["name"] = "Amount", ["type"] = "Double", ["displayName"] = "Amount" });
        model["outputs"] = new JsonArray(new JsonObject { ["name"] = "Reviewer", ["type"] = "String", ["displayName"] = "Reviewer" });
        model["root"]!["activities"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "complete1",
            ["type"] = "Elsa.Complete",
            ["version"] = 1,
            ["outcomes"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "[\"Approved\",\"Rejected\"]" } },
        });
        await client.SaveAsync(model, publish: true);

        var list = await GetListAsync("/elsa/api/descriptors/activities?Refresh=True");

        var descriptor = Assert.Single(list["items"]!.AsArray(), i => i.Str("typeName") == name)!;
        Assert.True(descriptor.Bool("isBrowsable"));
        Assert.Equal(["Approved", "Rejected"], descriptor["ports"]!.AsArray().Select(p => p.Str("name")));
        Assert.Equal("Amount", Assert.Single(descriptor["inputs"]!.AsArray())!.Str("name"));
        Assert.Equal("Reviewer", Assert.Single(descriptor["outputs"]!.AsArray())!.Str("name"));
        Assert.Equal(model.Str("definitionId"), descriptor["constructionProperties"]!.Str("WorkflowDefinitionId"));
    }

    [Fact]
    public async Task Activities_WhenAStoredDefinitionUsesAnUnknownType_AddsAPlaceholderDescriptor()
    {
        var model = ApiJson.Model("studio-unknown-" + Guid.NewGuid().ToString("N")[..8]);
        model["root"]!["activities"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "mystery1",
            ["nodeId"] = "Workflow1:flow1:mystery1",
            ["type"] = "Acme.Mystery",
            ["version"] = 1,
        });
        await client.SaveAsync(model, publish: false);

        var list = await GetListAsync("/elsa/api/descriptors/activities?Refresh=True");

        var placeholder = Assert.Single(list["items"]!.AsArray(), i => i.Str("typeName") == "Acme.Mystery");
        Assert.IsType<JsonArray>(placeholder!["ports"]);
    }

    [Fact]
    public async Task ExpressionDescriptors_HideLiteralAndObject_OfferJavaScriptVariableInputAndLiquid()
    {
        var list = await GetListAsync("/elsa/api/descriptors/expression-descriptors");

        var items = list["items"]!.AsArray().ToDictionary(i => i.Str("type"));
        Assert.Equal(["Literal", "Object", "JavaScript", "Variable", "Input", "Liquid"], items.Keys);
        Assert.False(items["Literal"].Bool("isBrowsable"));
        Assert.False(items["Object"].Bool("isBrowsable"));
        Assert.True(items["JavaScript"].Bool("isBrowsable"));
        Assert.True(items["Variable"].Bool("isBrowsable"));
        Assert.True(items["Input"].Bool("isBrowsable"));
        Assert.Equal("javascript", items["JavaScript"]!["properties"].Str("MonacoLanguage"));
        Assert.True(items["Liquid"].Bool("isBrowsable"));
        Assert.Equal("liquid", items["Liquid"]!["properties"].Str("MonacoLanguage"));
        Assert.True(items["Literal"].Bool("isSerializable"));
        Assert.Equal("JavaScript", items["JavaScript"].Str("displayName"));
    }

    [Theory]
    [InlineData("workflow-activation-strategies")]
    [InlineData("log-persistence-strategies")]
    [InlineData("incident-strategies")]
    public async Task Strategies_AnswerOneItemWithTypeNameDisplayNameAndDescription(string catalogue)
    {
        var list = await GetListAsync("/elsa/api/descriptors/" + catalogue);

        var item = Assert.Single(list["items"]!.AsArray());
        Assert.StartsWith("Elsa.", item.Str("typeName"));
        Assert.NotEmpty(item.Str("displayName"));
        Assert.NotEmpty(item.Str("description"));
        Assert.Equal(1, list.Int("count"));
    }

    [Theory]
    [InlineData("/elsa/api/descriptors/commit-strategies/workflows")]
    [InlineData("/elsa/api/descriptors/commit-strategies/activities")]
    [InlineData("/elsa/api/descriptors/output-converters?sourceType=String&destinationType=Object")]
    [InlineData("/elsa/api/features/installed")]
    public async Task EmptyCatalogues_AnswerAnEmptyListNotA404(string path)
    {
        var list = await GetListAsync(path);

        Assert.Empty(list["items"]!.AsArray());
        Assert.Equal(0, list.Int("count"));
    }

    [Fact]
    public async Task Variables_ListTypesWithCategory()
    {
        var list = await GetListAsync("/elsa/api/descriptors/variables");

        var items = list["items"]!.AsArray();
        var text = Assert.Single(items, i => i.Str("typeName") == "String");
        Assert.Equal("Primitives", text.Str("category"));
        Assert.Equal("String", text.Str("displayName"));
        Assert.Contains(items, i => i.Str("typeName") == "Object");
    }

    [Fact]
    public async Task StorageDrivers_ListTypeNamePriorityAndDeprecated()
    {
        var list = await GetListAsync("/elsa/api/descriptors/storage-drivers");

        var driver = list["items"]!.AsArray().First();
        Assert.NotEmpty(driver.Str("typeName"));
        Assert.NotEmpty(driver.Str("displayName"));
        Assert.Equal(0, driver.Int("priority"));
        Assert.False(driver.Bool("deprecated"));
    }

    [Fact]
    public async Task TypeDefinitions_AnswerTypeScriptDeclarationsForTheDefinitionsVariables()
    {
        var model = ApiJson.Model("studio-types-" + Guid.NewGuid().ToString("N")[..8]);
        model["variables"] = new JsonArray { new JsonObject { ["id"] = "v1", ["name"] = "patientName", ["typeName"] = "String", ["value"] = "" } };
        await client.SaveAsync(model, publish: false);

        using var response = await client.PostAsync(
            $"/elsa/api/scripting/javascript/type-definitions/{model.Str("definitionId")}",
            ApiJson.RawJson("""{"workflowDefinitionId":"x","activityTypeName":"Elsa.WriteLine","propertyName":"text"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("declare function getVariable(name: string): any;", text, StringComparison.Ordinal);
        Assert.Contains("declare function setCorrelationId(value: string | null): void;", text, StringComparison.Ordinal);
        Assert.Contains("declare let patientName: any;", text, StringComparison.Ordinal);
    }

    private async Task<JsonObject> GetListAsync(string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadObjectAsync();
    }
}

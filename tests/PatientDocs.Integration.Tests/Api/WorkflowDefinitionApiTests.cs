using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

public sealed class WorkflowDefinitionApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string NewId() => "def-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Save_NewModel_CreatesDraftVersionOneThatStudioCanEdit()
    {
        var id = NewId();

        var saved = await _client.SaveAsync(ApiJson.Model(id), publish: false);

        Assert.Equal(id, saved.Str("definitionId"));
        Assert.Equal(1, saved.Int("version"));
        Assert.True(saved.Bool("isLatest"));
        Assert.False(saved.Bool("isPublished"));
        Assert.Contains("publish", saved.Rels());
        var loaded = await (await _client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}?versionOptions=Latest")).ReadObjectAsync();
        Assert.Equal(saved.Str("id"), loaded.Str("id"));
        Assert.Contains("publish", loaded.Rels());
        Assert.Equal("hello", loaded["root"]!["activities"]![1]!["text"]!["expression"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Save_FromStudiosCreateDialog_CreatesADraftWithOptionsAndARootStudioCanIndex()
    {
        // What the Create dialog posts: no definition id, options null, a bare flowchart root and publish null.
        var name = "Created " + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["model"] = new JsonObject { ["definitionId"] = null, ["name"] = name, ["options"] = null, ["root"] = new JsonObject { ["id"] = "f1", ["type"] = "Elsa.Flowchart", ["version"] = 1 } },
            ["publish"] = null,
        };

        using var response = await _client.PostAsJsonAsync("/elsa/api/workflow-definitions", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = (JsonObject)(await response.ReadObjectAsync())["workflowDefinition"]!;
        Assert.False(saved.Bool("isPublished"));
        var loaded = await (await _client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{saved.Str("definitionId")}?versionOptions=Latest")).ReadObjectAsync();
        Assert.Equal(name, loaded.Str("name"));
        Assert.False(loaded["options"]!["autoUpdateConsumingWorkflows"]!.GetValue<bool>());
        Assert.Equal("f1", loaded["root"]!["nodeId"]!.GetValue<string>());
        Assert.Empty(loaded["root"]!["activities"]!.AsArray());
        Assert.Empty(loaded["root"]!["connections"]!.AsArray());
    }

    [Fact]
    public async Task IsNameUnique_IsFalseForAnotherDefinitionsName_AndTrueForItsOwnOrAnUnusedName()
    {
        var id = NewId();
        var model = ApiJson.Model(id);
        var name = "Unique " + id;
        model["name"] = name;
        await _client.SaveAsync(model, publish: false);

        var taken = await (await _client.GetAsync($"/elsa/api/workflow-definitions/validation/is-name-unique?name={Uri.EscapeDataString(name.ToUpperInvariant())}")).ReadObjectAsync();
        var own = await (await _client.GetAsync($"/elsa/api/workflow-definitions/validation/is-name-unique?name={Uri.EscapeDataString(name)}&definitionId={id}")).ReadObjectAsync();
        var unused = await (await _client.GetAsync($"/elsa/api/workflow-definitions/validation/is-name-unique?name=Unused+{id}")).ReadObjectAsync();

        Assert.Equal((false, true, true), (taken.Bool("isUnique"), own.Bool("isUnique"), unused.Bool("isUnique")));
    }

    [Fact]
    public async Task IsNameUnique_WithoutAName_IsAProblemNamingTheField()
    {
        using var response = await _client.GetAsync("/elsa/api/workflow-definitions/validation/is-name-unique?name=");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadObjectAsync())["errors"]!.AsObject().ContainsKey("name"));
    }

    [Fact]
    public async Task Save_OverDraft_UpdatesTheDraftInPlace()
    {
        var id = NewId();
        var first = await _client.SaveAsync(ApiJson.Model(id), publish: false);

        var second = await _client.SaveAsync(ApiJson.Model(id, text: "changed"), publish: false);

        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal(1, second.Int("version"));
        var versions = await (await _client.GetAsync($"/elsa/api/workflow-definitions/{id}/versions")).ReadObjectAsync();
        Assert.Equal(1, versions.Int("totalCount"));
    }

    [Fact]
    public async Task Save_OverPublishedLatest_CreatesDraftVersionTwoWithNewId()
    {
        var id = NewId();
        var published = await _client.SaveAsync(ApiJson.Model(id), publish: true);

        var draft = await _client.SaveAsync(ApiJson.Model(id, text: "v2"), publish: false);

        Assert.Equal(2, draft.Int("version"));
        Assert.NotEqual(published.Str("id"), draft.Str("id"));
        Assert.True(draft.Bool("isLatest"));
        Assert.False(draft.Bool("isPublished"));
        Assert.Contains("publish", draft.Rels());
        var v1 = await (await _client.GetAsync($"/elsa/api/workflow-definitions/by-id/{published.Str("id")}")).ReadObjectAsync();
        Assert.False(v1.Bool("isLatest"));
        Assert.True(v1.Bool("isPublished"));
        Assert.DoesNotContain("publish", v1.Rels());
    }

    [Fact]
    public async Task Save_WithPublish_PublishesNewVersionAndUnpublishesThePrevious()
    {
        var id = NewId();
        var v1 = await _client.SaveAsync(ApiJson.Model(id), publish: true);

        var v2 = await _client.SaveAsync(ApiJson.Model(id, text: "v2"), publish: true);

        Assert.Equal(2, v2.Int("version"));
        Assert.True(v2.Bool("isPublished"));
        var old = await (await _client.GetAsync($"/elsa/api/workflow-definitions/by-id/{v1.Str("id")}")).ReadObjectAsync();
        Assert.False(old.Bool("isPublished"));
        var published = await (await _client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}?versionOptions=Published")).ReadObjectAsync();
        Assert.Equal(v2.Str("id"), published.Str("id"));
    }

    [Fact]
    public async Task Publish_DraftLatest_MarksItPublishedAndAnswersWithLinks()
    {
        var id = NewId();
        await _client.SaveAsync(ApiJson.Model(id), publish: false);

        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{id}/publish", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.False(body.Bool("alreadyPublished"));
        Assert.True(body["workflowDefinition"].Bool("isPublished"));
        Assert.Contains("retract", body["workflowDefinition"].Rels());
        using var again = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{id}/publish", new JsonObject());
        Assert.True((await again.ReadObjectAsync()).Bool("alreadyPublished"));
    }

    [Fact]
    public async Task Publish_InvalidDefinition_Returns400WithErrors()
    {
        var id = NewId();
        var model = ApiJson.Model(id);
        model.Remove("root");
        await _client.SaveAsync(model, publish: false);

        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{id}/publish", new JsonObject());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("root", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task Retract_Published_ClearsThePublishedFlag()
    {
        var id = NewId();
        await _client.SaveAsync(ApiJson.Model(id), publish: true);

        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{id}/retract", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.ReadObjectAsync()).Bool("isPublished"));
        using var published = await _client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}?versionOptions=Published");
        Assert.Equal(HttpStatusCode.NotFound, published.StatusCode);
    }

    [Fact]
    public async Task List_HonoursVersionOptionsAndRepeatedDefinitionIds()
    {
        var a = NewId();
        var b = NewId();
        var c = NewId();
        await _client.SaveAsync(ApiJson.Model(a), publish: true);
        await _client.SaveAsync(ApiJson.Model(a, text: "draft"), publish: false);
        await _client.SaveAsync(ApiJson.Model(b), publish: false);
        await _client.SaveAsync(ApiJson.Model(c), publish: true);

        var published = await (await _client.GetAsync($"/elsa/api/workflow-definitions?versionOptions=Published&DefinitionIds={a}&DefinitionIds={b}")).ReadObjectAsync();
        var latest = await (await _client.GetAsync($"/elsa/api/workflow-definitions?versionOptions=Latest&DefinitionIds={a}&DefinitionIds={b}&Page=0&PageSize=10")).ReadObjectAsync();

        var publishedItems = published["items"]!.AsArray();
        Assert.Equal(1, published.Int("totalCount"));
        Assert.Equal(a, publishedItems[0].Str("definitionId"));
        Assert.Equal(1, publishedItems[0].Int("version"));
        Assert.Equal(2, latest.Int("totalCount"));
        Assert.Equal(new[] { (a, 2), (b, 1) }.OrderBy(x => x.Item1, StringComparer.Ordinal).ToArray(), latest["items"]!.AsArray().Select(i => (i.Str("definitionId"), i.Int("version"))).OrderBy(x => x.Item1, StringComparer.Ordinal).ToArray());
        Assert.Contains("create", latest.Rels());
        Assert.Contains("bulk-publish", latest.Rels());
    }

    [Fact]
    public async Task List_ByVersionIds_ResolvesNames()
    {
        var id = NewId();
        var saved = await _client.SaveAsync(ApiJson.Model(id, name: "Named one"), publish: true);

        var list = await (await _client.GetAsync($"/elsa/api/workflow-definitions?versionOptions=&Ids={saved.Str("id")}")).ReadObjectAsync();

        Assert.Equal(1, list.Int("totalCount"));
        Assert.Equal("Named one", list["items"]![0].Str("name"));
    }

    [Theory]
    [InlineData("versionOptions=Sometimes", "versionOptions")]
    [InlineData("PageSize=0", "pageSize")]
    [InlineData("Page=-1", "page")]
    [InlineData("Page=abc", "page")]
    [InlineData("OrderDirection=Sideways", "orderDirection")]
    public async Task List_BadQuery_Returns400NamingTheField(string query, string field)
    {
        using var response = await _client.GetAsync($"/elsa/api/workflow-definitions?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemFieldAsync(), ignoreCase: true);
    }

    [Fact]
    public async Task Save_WithoutModel_Returns400NamingModel()
    {
        using var response = await _client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["publish"] = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("model", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task Save_WrongJsonType_Returns400NamingThePath()
    {
        using var response = await _client.PostAsync("/elsa/api/workflow-definitions", ApiJson.RawJson("""{"model":{},"publish":"yes"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("publish", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task Save_NotJson_Returns400WithoutStackTrace()
    {
        using var response = await _client.PostAsync("/elsa/api/workflow-definitions", ApiJson.RawJson("{not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/elsa/api/workflow-definitions/by-definition-id/nope")]
    [InlineData("GET", "/elsa/api/workflow-definitions/by-id/nope")]
    [InlineData("GET", "/elsa/api/workflow-definitions/nope/versions")]
    [InlineData("POST", "/elsa/api/workflow-definitions/nope/publish")]
    [InlineData("POST", "/elsa/api/workflow-definitions/nope/retract")]
    [InlineData("DELETE", "/elsa/api/workflow-definitions/nope")]
    [InlineData("DELETE", "/elsa/api/workflow-definition-versions/nope")]
    public async Task UnknownId_Returns404ProblemDetails(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new JsonObject());
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_Definition_RemovesEveryVersion()
    {
        var id = NewId();
        await _client.SaveAsync(ApiJson.Model(id), publish: true);
        await _client.SaveAsync(ApiJson.Model(id, text: "v2"), publish: false);

        using var response = await _client.DeleteAsync($"/elsa/api/workflow-definitions/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var after = await _client.GetAsync($"/elsa/api/workflow-definitions/{id}/versions");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task DeleteVersion_OfTheLatestDraft_MakesThePreviousVersionLatest()
    {
        var id = NewId();
        var v1 = await _client.SaveAsync(ApiJson.Model(id), publish: true);
        var v2 = await _client.SaveAsync(ApiJson.Model(id, text: "v2"), publish: false);

        using var response = await _client.DeleteAsync($"/elsa/api/workflow-definition-versions/{v2.Str("id")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var latest = await (await _client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{id}")).ReadObjectAsync();
        Assert.Equal(v1.Str("id"), latest.Str("id"));
        Assert.True(latest.Bool("isLatest"));
    }

    [Fact]
    public async Task Responses_UseCamelCaseAndStringEnums()
    {
        var id = NewId();
        await _client.SaveAsync(ApiJson.Model(id), publish: true);

        var text = await _client.GetStringAsync($"/elsa/api/workflow-definitions?versionOptions=Published&DefinitionIds={id}");

        Assert.Contains("\"totalCount\":1", text, StringComparison.Ordinal);
        Assert.Contains("\"materializerName\":\"Json\"", text, StringComparison.Ordinal);
    }
}

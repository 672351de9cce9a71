using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>The definitions half of the contract: register (201/409/400/415), list, read by name and version, and the HTTP triggers that share /workflows.</summary>
public abstract class ApiDefinitionTests : ApiTestBase
{
    [StoreFact]
    public async Task Register_Yaml201_KeepsTheVersionAsWritten_AndTheSameVersionAgain409()
    {
        var name = ApiRequests.UniqueName("yaml");
        var yaml = $"""
            name: {name}
            version: 1.0
            startAt: first
            states:
              first:
                type: Pass
                result: {"{"}step: 1{"}"}
                next: done
              done:
                type: Success
            """;

        using var created = await Client.RegisterAsync(yaml);
        using var again = await Client.RegisterAsync(yaml, "text/yaml");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadObjectAsync();
        Assert.Equal((name, "1.0"), (body.Str("name"), body.Str("version")));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [StoreFact]
    public async Task TheSample_IsRegisteredAtStart_SoPostingItAgainIs409()
    {
        using var list = await Client.GetAsync("/workflows?limit=100");
        var items = (await list.ReadObjectAsync())["items"]!.AsArray();
        using var again = await Client.RegisterAsync(File.ReadAllText(SamplePath()), "application/x-yaml");

        var sample = items.Single(i => i.Str("name") == ApiRequests.Sample);
        Assert.Equal(("1.0", "validate_order", 10), (sample.Str("version"), sample.Str("startAt"), sample.Int("stateCount")));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [StoreFact]
    public async Task Register_Invalid_Answers400NamingTheStateAtFault()
    {
        var name = ApiRequests.UniqueName("bad");
        var dangling = Definition(name, "a", ("a", new JsonObject { ["type"] = "Task", ["resource"] = "x.y", ["next"] = "nowhere" }));
        var noResource = Definition(name, "a", ("a", new JsonObject { ["type"] = "Task", ["end"] = true }));
        var unknownType = Definition(name, "a", ("a", new JsonObject { ["type"] = "Teleport", ["end"] = true }));
        var noStartAt = Definition(name, "a", ("a", new JsonObject { ["type"] = "Success" }));
        noStartAt.Remove("startAt");

        using var danglingResponse = await Client.RegisterJsonAsync(dangling);
        using var noResourceResponse = await Client.RegisterJsonAsync(noResource);
        using var unknownTypeResponse = await Client.RegisterJsonAsync(unknownType);
        using var noStartAtResponse = await Client.RegisterJsonAsync(noStartAt);

        foreach (var response in new[] { danglingResponse, noResourceResponse, unknownTypeResponse, noStartAtResponse })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var danglingProblem = await danglingResponse.ReadObjectAsync();
        Assert.Equal("a", danglingProblem.Text("state"));
        Assert.Contains("nowhere", danglingProblem.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("'a'", danglingProblem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("a", (await noResourceResponse.ReadObjectAsync()).Text("state"));
        Assert.Equal("a", (await unknownTypeResponse.ReadObjectAsync()).Text("state"));
        Assert.Contains("startAt", (await noStartAtResponse.ReadObjectAsync()).ToJsonString(), StringComparison.Ordinal);
        using var get = await Client.GetAsync($"/workflows/{name}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [StoreFact]
    public async Task Register_WithoutOrWithAnUnsupportedContentType_Answers415()
    {
        var yaml = $"name: {ApiRequests.UniqueName("ct")}\nversion: '1'\nstartAt: a\nstates:\n  a:\n    type: Success\n";

        using var none = await Client.RegisterAsync(yaml, contentType: null);
        using var text = await Client.RegisterAsync(yaml, "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, none.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
    }

    [StoreFact]
    public async Task GetByName_GivesTheLatestVersion_OrTheOneAsked_And404ForAnUnknownOne()
    {
        var name = ApiRequests.UniqueName("ver");
        using var v1 = await Client.RegisterJsonAsync(Definition(name, "a", ("a", new JsonObject { ["type"] = "Success" })));
        var second = Definition(name, "b", ("b", new JsonObject { ["type"] = "Pass", ["result"] = new JsonObject { ["x"] = 1 }, ["next"] = "c" }), ("c", new JsonObject { ["type"] = "Success" }));
        second["version"] = "2.0";
        using var v2 = await Client.RegisterJsonAsync(second);

        var latest = await (await Client.GetAsync($"/workflows/{name}")).ReadObjectAsync();
        var first = await (await Client.GetAsync($"/workflows/{name}?version=1.0")).ReadObjectAsync();
        using var missing = await Client.GetAsync($"/workflows/{name}?version=9.9");
        var list = await (await Client.GetAsync("/workflows?limit=100")).ReadObjectAsync();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (v1.StatusCode, v2.StatusCode));
        Assert.Equal(("2.0", "b"), (latest.Str("version"), latest.Str("startAt")));
        Assert.Equal("Pass", latest["states"]!["b"].Str("type"));
        Assert.NotNull(latest["registeredAt"]);
        Assert.Equal(("1.0", "a"), (first.Str("version"), first.Str("startAt")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var mine = list["items"]!.AsArray().Where(i => i.Str("name") == name).Select(i => i.Str("version"));
        Assert.Equal(["1.0", "2.0"], mine);
        var names = list["items"]!.AsArray().Select(i => i.Str("name")).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.True(list.Int("total") >= 3);

        // Each version runs as the one it was registered as.
        var run1 = await Client.WaitForEndAsync(await Client.StartIdAsync(name, version: "1.0"));
        var run2 = await Client.WaitForEndAsync(await Client.StartIdAsync(name));
        Assert.Equal(("1.0", "a"), (run1.Str("workflowVersion"), run1.Str("currentState")));
        Assert.Equal(("2.0", "c"), (run2.Str("workflowVersion"), run2.Str("currentState")));
    }

    [StoreFact]
    public async Task ListWorkflows_PagesWithLimitAndOffset_AndRejectsBadNumbers()
    {
        var page = await (await Client.GetAsync("/workflows?limit=1&offset=0")).ReadObjectAsync();

        Assert.Single(page["items"]!.AsArray());
        Assert.True(page.Int("total") >= 1);
        foreach (var query in new[] { "limit=-1", "limit=abc", "offset=-2", "limit=0", "offset=x" })
        {
            using var response = await Client.GetAsync($"/workflows?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(query.Split('=')[0], await response.ProblemFieldAsync());
        }

        using var capped = await Client.GetAsync("/workflows?limit=1000");
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
    }

    [StoreFact]
    public async Task GetByName_OfAnHttpTriggerPath_StillStartsThatWorkflow_AndAnUnknownNameIs404()
    {
        var path = ApiRequests.UniqueName("hook");
        await Client.SaveAsync(ApiJson.Flow("http-" + path, ApiJson.HttpEndpoint("http1", path, methods: ["GET"]), ApiJson.WriteLine("w1", "hit")), publish: true);

        using var trigger = await Client.GetAsync($"/workflows/{path}");
        using var unknown = await Client.GetAsync($"/workflows/{ApiRequests.UniqueName("none")}");

        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        Assert.NotNull((await trigger.ReadObjectAsync())["instanceId"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [StoreFact]
    public async Task TheCompiledDefinition_IsReadOnlyInTheDesigner_ASaveIsRefused400NamingTheDefinition()
    {
        const string definitionId = "state-language." + ApiRequests.Sample;
        var before = await Client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        var model = (JsonObject)before!.DeepClone();
        model["description"] = "edited in the designer";

        using var save = await Client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = false });
        var after = await Client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");

        Assert.True(before["isReadonly"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.Equal("definitionId", await save.ProblemFieldAsync());
        Assert.Equal((before.Str("id"), before.Str("description")), (after!.Str("id"), after.Str("description")));
    }

    [StoreFact]
    public async Task WithAnApiKey_TheApiNeedsIt_ButAnOpenTriggerUnderWorkflowsDoesNot()
    {
        const string key = "state-language-key";
        Server.Overrides["PatientDocs:ApiKey"] = key;
        using var keyed = Server.CreateClient();
        keyed.DefaultRequestHeaders.Add("X-Api-Key", key);
        var path = ApiRequests.UniqueName("open");
        await keyed.SaveAsync(ApiJson.Flow("http-" + path, ApiJson.HttpEndpoint("http1", path, methods: ["GET"]), ApiJson.WriteLine("w1", "hit")), publish: true);

        using var anonymousGet = await Client.GetAsync($"/workflows/{ApiRequests.Sample}");
        using var anonymousList = await Client.GetAsync("/workflows");
        using var anonymousStart = await Client.StartAsync(new JsonObject { ["workflowName"] = ApiRequests.Sample });
        using var keyedGet = await keyed.GetAsync($"/workflows/{ApiRequests.Sample}");
        using var openTrigger = await Client.GetAsync($"/workflows/{path}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyedGet.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, openTrigger.StatusCode);
    }

    internal static JsonObject Definition(string name, string startAt, params (string Name, JsonObject State)[] states)
    {
        var map = new JsonObject();
        foreach (var (stateName, state) in states)
        {
            map[stateName] = state;
        }

        return new JsonObject { ["name"] = name, ["version"] = "1.0", ["startAt"] = startAt, ["states"] = map };
    }

    private static string SamplePath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "workflows", "state-language", "order_processing_workflow.yaml")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("No workflows/state-language folder above the test binaries."), "workflows", "state-language", "order_processing_workflow.yaml");
    }
}

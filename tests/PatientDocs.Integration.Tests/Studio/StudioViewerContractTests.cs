using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Studio;

/// <summary>What the instance viewer reads: journal, variables, executions, report (badges), execution state.</summary>
public sealed class StudioViewerContractTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Journal_Post_FiltersByNodeIdsAndExcludedTypes_AndPages()
    {
        var instanceId = await SeedAsync();
        var body = new JsonObject
        {
            ["filter"] = new JsonObject
            {
                ["activityIds"] = null,
                ["activityNodeIds"] = new JsonArray(ViewerSeed.NodeId("write1")),
                ["excludedActivityTypes"] = new JsonArray("Elsa.Workflow", "Elsa.Flowchart"),
                ["eventNames"] = null,
            },
        };

        using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=110", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadObjectAsync();
        Assert.Equal(2, page.Int("totalCount"));
        var items = page["items"]!.AsArray();
        Assert.Equal(["Started", "Completed"], items.Select(i => i.Str("eventName")));
        var completed = items[1]!;
        Assert.Equal("write1", completed.Str("activityId"));
        Assert.Equal("Elsa.WriteLine", completed.Str("activityType"));
        Assert.Equal(ViewerSeed.NodeId("write1"), completed.Str("nodeId"));
        Assert.Equal(4, completed.Int("sequence"));
        Assert.Equal(1, completed.Int("activityTypeVersion"));
        Assert.Equal(ViewerSeed.Started.AddSeconds(4), completed["timestamp"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Done", completed["payload"]!["outcomes"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Journal_Get_PagesWithSkipAndTake()
    {
        var instanceId = await SeedAsync();

        var page = await GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=1&take=2");

        Assert.Equal(4, page.Int("totalCount"));
        Assert.Equal([2L, 3L], page["items"]!.AsArray().Select(i => i!["sequence"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Journal_ForAnUnknownInstance_Answers404()
    {
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-instances/nope/journal", new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Journal_WithANegativeSkip_Answers400NamingSkip()
    {
        var instanceId = await SeedAsync();

        using var response = await client.GetAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("skip", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task Variables_PairDeclaredVariablesWithTheSnapshotValues()
    {
        var instanceId = await SeedAsync(variables: new JsonArray { new JsonObject { ["id"] = "greeting", ["name"] = "Greeting", ["typeName"] = "String", ["value"] = "" } });

        var list = await GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/variables");

        var variable = Assert.Single(list["items"]!.AsArray());
        Assert.Equal("greeting", variable.Str("id"));
        Assert.Equal("Greeting", variable.Str("name"));
        Assert.Equal("String", variable.Str("typeName"));
        Assert.Equal("hello", variable.Str("value"));
        Assert.Equal(1, list.Int("count"));
    }

    [Fact]
    public async Task ExecutionState_AnswersStatusStringsAndUpdatedAt()
    {
        var instanceId = await SeedAsync();

        var state = await GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/execution-state");

        Assert.Equal("Finished", state.Str("status"));
        Assert.Equal("Finished", state.Str("workflowSubStatus"));
        Assert.Equal(ViewerSeed.Started.AddSeconds(2), state["updatedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task ActivityExecutions_List_FiltersByPascalCaseQueryKeys()
    {
        var instanceId = await SeedAsync();

        var list = await GetObjectAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId={ViewerSeed.NodeId("write1")}");

        var record = Assert.Single(list["items"]!.AsArray());
        Assert.Equal(instanceId, record.Str("workflowInstanceId"));
        Assert.Equal("write1", record.Str("activityId"));
        Assert.Equal(ViewerSeed.NodeId("write1"), record.Str("activityNodeId"));
        Assert.Equal("Completed", record.Str("status"));
        Assert.Equal("hello", record!["activityState"].Str("text"));
        Assert.IsType<JsonObject>(record["outputs"]);
        Assert.IsType<JsonObject>(record["payload"]);
        Assert.False(record.Bool("hasBookmarks"));
        Assert.Equal(1, list.Int("count"));
    }

    [Fact]
    public async Task ActivityExecutionSummaries_List_OmitState()
    {
        var instanceId = await SeedAsync();

        var list = await GetObjectAsync($"/elsa/api/activity-execution-summaries/list?WorkflowInstanceId={instanceId}");

        Assert.Equal(2, list.Int("count"));
        var summary = list["items"]!.AsArray().Single(i => i.Str("activityId") == "start1");
        Assert.Equal("Completed", summary.Str("status"));
        Assert.Null(summary!["activityState"]);
    }

    [Fact]
    public async Task ActivityExecutions_List_WithoutWorkflowInstanceId_Answers400()
    {
        using var response = await client.GetAsync("/elsa/api/activity-executions/list");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("WorkflowInstanceId", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task ActivityExecutionById_AnswersTheRecord_Or404()
    {
        var instanceId = await SeedAsync();

        var record = await GetObjectAsync($"/elsa/api/activity-executions/by-id?id={instanceId}-x2");
        using var missing = await client.GetAsync("/elsa/api/activity-executions/by-id?id=nope");

        Assert.Equal("write1", record.Str("activityId"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Report_CountsExecutionsPerRequestedNode()
    {
        var instanceId = await SeedAsync();
        var body = new JsonObject { ["workflowInstanceId"] = instanceId, ["activityNodeIds"] = new JsonArray(ViewerSeed.NodeId("write1"), ViewerSeed.NodeId("absent")) };

        using var response = await client.PostAsJsonAsync("/elsa/api/activity-executions/report", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = Assert.Single((await response.ReadObjectAsync())["stats"]!.AsArray());
        Assert.Equal("write1", stats.Str("activityId"));
        Assert.Equal(ViewerSeed.NodeId("write1"), stats.Str("activityNodeId"));
        Assert.Equal(1, stats.Int("startedCount"));
        Assert.Equal(1, stats.Int("completedCount"));
        Assert.Equal(0, stats.Int("uncompletedCount"));
        Assert.False(stats.Bool("isBlocked"));
        Assert.False(stats.Bool("isFaulted"));
    }

    [Fact]
    public async Task CallStack_AnswersTheExecution()
    {
        var instanceId = await SeedAsync();

        var stack = await GetObjectAsync($"/elsa/api/activity-executions/{instanceId}-x1/call-stack");

        Assert.Equal($"{instanceId}-x1", stack.Str("activityExecutionId"));
        Assert.Equal("start1", Assert.Single(stack["items"]!.AsArray()).Str("activityId"));
    }

    private async Task<string> SeedAsync(JsonArray? variables = null)
    {
        var model = ApiJson.Model("studio-viewer-" + Guid.NewGuid().ToString("N")[..8]);
        if (variables is not null)
        {
            model["variables"] = variables;
        }

        var definition = await client.SaveAsync(model, publish: true);
        return await ViewerSeed.FinishedInstanceAsync(factory, definition.Str("definitionId"), definition.Str("id"));
    }

    private async Task<JsonObject> GetObjectAsync(string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}

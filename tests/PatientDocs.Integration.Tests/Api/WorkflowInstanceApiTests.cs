using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

public sealed class WorkflowInstanceApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string NewId() => "wf-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> PublishAsync(params JsonObject[] activities)
    {
        var id = NewId();
        await _client.SaveAsync(ApiJson.Flow(id, activities), publish: true);
        return id;
    }

    private async Task<(HttpResponseMessage Response, JsonObject Body)> ExecuteAsync(string definitionId, JsonObject? body = null)
    {
        var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", body ?? new JsonObject());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.ReadObjectAsync());
    }

    [Fact]
    public async Task Execute_PublishedDefinition_ReturnsTheInstanceIdHeaderAndRunsTheFirstBurst()
    {
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));

        var (response, body) = await ExecuteAsync(definitionId, new JsonObject { ["correlationId"] = "corr-exec" });

        Assert.True(response.Headers.TryGetValues("x-elsa-workflow-instance-id", out var values));
        Assert.Equal(body.Str("id"), Assert.Single(values));
        Assert.Equal("Finished", body.Str("status"));
        Assert.Equal("Finished", body.Str("subStatus"));
        Assert.Equal("corr-exec", body.Str("correlationId"));
        Assert.Equal(definitionId, body["workflowState"].Str("definitionId"));
        response.Dispose();
    }

    [Fact]
    public async Task Execute_WithGet_AlsoReturnsTheHeader()
    {
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));

        using var response = await _client.GetAsync($"/elsa/api/workflow-definitions/{definitionId}/execute");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("x-elsa-workflow-instance-id"));
    }

    [Fact]
    public async Task Execute_DraftOnly_NeedsVersionOptionsLatest()
    {
        var definitionId = NewId();
        await _client.SaveAsync(ApiJson.Flow(definitionId, ApiJson.Start(), ApiJson.WriteLine("w1", "draft")), publish: false);

        using var published = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject());
        using var latest = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject { ["versionOptions"] = "Latest" });

        Assert.Equal(HttpStatusCode.NotFound, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
    }

    [Fact]
    public async Task Execute_BadVersionOptions_Returns400NamingTheField()
    {
        var definitionId = await PublishAsync(ApiJson.Start());

        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject { ["versionOptions"] = "Newest" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("versionOptions", await response.ProblemFieldAsync());
    }

    [Theory]
    [InlineData("execute")]
    [InlineData("dispatch")]
    public async Task Run_UnknownDefinition_Returns404(string action)
    {
        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/nope/{action}", new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Dispatch_StartsAsynchronously_AndTheWorkersFinishIt()
    {
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));

        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/dispatch", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = (await response.ReadObjectAsync()).Str("workflowInstanceId");
        Assert.Equal(instanceId, response.Headers.GetValues("x-elsa-workflow-instance-id").Single());
        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("subStatus") == "Finished");
        Assert.Equal("Finished", finished.Str("status"));
    }

    [Fact]
    public async Task List_FiltersByDefinitionCorrelationAndStatus_AndPages()
    {
        var finishing = await PublishAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));
        var waiting = await PublishAsync(ApiJson.Start(), ApiJson.Event("e1", "never-" + Guid.NewGuid().ToString("N")));
        await ExecuteAsync(finishing, new JsonObject { ["correlationId"] = "a" });
        await ExecuteAsync(finishing, new JsonObject { ["correlationId"] = "b" });
        await ExecuteAsync(waiting, new JsonObject { ["correlationId"] = "a" });

        var byDefinition = await ListAsync(new JsonObject { ["definitionId"] = finishing, ["page"] = 0, ["pageSize"] = 1 });
        var byCorrelation = await ListAsync(new JsonObject { ["definitionIds"] = new JsonArray(finishing, waiting), ["correlationId"] = "a" });
        var suspended = await ListAsync(new JsonObject { ["definitionIds"] = new JsonArray(finishing, waiting), ["subStatuses"] = new JsonArray("Suspended") });
        var running = await ListAsync(new JsonObject { ["definitionIds"] = new JsonArray(finishing, waiting), ["status"] = "Running" });

        Assert.Equal(2, byDefinition.Int("totalCount"));
        Assert.Single(byDefinition["items"]!.AsArray());
        Assert.Equal(2, byCorrelation.Int("totalCount"));
        Assert.Equal(waiting, Assert.Single(suspended["items"]!.AsArray()).Str("definitionId"));
        Assert.Equal(1, running.Int("totalCount"));
    }

    [Theory]
    [InlineData("""{"status":"Sleeping"}""", "status")]
    [InlineData("""{"subStatuses":["Finished","Nope"]}""", "subStatuses")]
    [InlineData("""{"pageSize":0}""", "pageSize")]
    [InlineData("""{"page":-2}""", "page")]
    [InlineData("""{"orderBy":"Colour"}""", "orderBy")]
    [InlineData("""{"hasIncidents":"maybe"}""", "hasIncidents")]
    public async Task List_BadFilter_Returns400NamingTheField(string body, string field)
    {
        using var response = await _client.PostAsync("/elsa/api/workflow-instances", ApiJson.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task Get_OfADispatchedChild_NamesItsParentWorkflowInstanceId()
    {
        var childId = await PublishAsync(ApiJson.Start(), ApiJson.Event("e1", "wait-" + Guid.NewGuid().ToString("N")));
        var dispatch = new JsonObject
        {
            ["id"] = "d1",
            ["type"] = "Elsa.DispatchWorkflow",
            ["version"] = 1,
            ["workflowDefinitionId"] = ApiJson.Literal(childId),
        };
        var parentId = await PublishAsync(ApiJson.Start(), dispatch);
        var (_, parent) = await ExecuteAsync(parentId);

        var children = await ListAsync(new JsonObject { ["definitionId"] = childId });
        var listed = Assert.Single(children["items"]!.AsArray())!.AsObject();
        var child = await (await _client.GetAsync($"/elsa/api/workflow-instances/{listed.Str("id")}")).ReadObjectAsync();

        Assert.Equal(parent.Str("id"), listed.Str("parentWorkflowInstanceId"));
        Assert.Equal(parent.Str("id"), child.Str("parentWorkflowInstanceId"));
        Assert.Equal(parent.Str("id"), child["workflowState"]!.AsObject().Str("parentWorkflowInstanceId"));
    }

    [Fact]
    public async Task Get_ReturnsSummaryFieldsAndWorkflowStateWithBookmarks()
    {
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.Event("e1", "wait-" + Guid.NewGuid().ToString("N")));
        var (_, started) = await ExecuteAsync(definitionId);

        var instance = await (await _client.GetAsync($"/elsa/api/workflow-instances/{started.Str("id")}")).ReadObjectAsync();

        Assert.Equal("Running", instance.Str("status"));
        Assert.Equal("Suspended", instance.Str("subStatus"));
        Assert.Equal(1, instance.Int("version"));
        Assert.Equal("e1", Assert.Single(instance["workflowState"]!["bookmarks"]!.AsArray()).Str("activityId"));
    }

    [Theory]
    [InlineData("GET", "/elsa/api/workflow-instances/nope")]
    [InlineData("DELETE", "/elsa/api/workflow-instances/nope")]
    [InlineData("POST", "/elsa/api/cancel/workflow-instances/nope")]
    [InlineData("POST", "/elsa/api/workflow-instances/nope/retry")]
    public async Task UnknownInstance_Returns404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_RemovesTheInstance()
    {
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));
        var (_, started) = await ExecuteAsync(definitionId);

        using var response = await _client.DeleteAsync($"/elsa/api/workflow-instances/{started.Str("id")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var after = await _client.GetAsync($"/elsa/api/workflow-instances/{started.Str("id")}");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_EndsCancelled_AndAFinishedOneIsRefused()
    {
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.Event("e1", "wait-" + Guid.NewGuid().ToString("N")));
        var (_, started) = await ExecuteAsync(definitionId);
        var id = started.Str("id");

        using var response = await _client.PostAsync($"/elsa/api/cancel/workflow-instances/{id}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await _client.WaitForInstanceAsync(id, i => i.Str("status") == "Finished");
        Assert.Equal("Cancelled", cancelled.Str("subStatus"));
        using var again = await _client.PostAsync($"/elsa/api/cancel/workflow-instances/{id}", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Event_ResumesTheCorrelatedBookmarkOnly()
    {
        var eventName = "approve-" + Guid.NewGuid().ToString("N");
        var definitionId = await PublishAsync(ApiJson.Start(), ApiJson.Event("e1", eventName), ApiJson.WriteLine("w1", "after"));
        var (_, first) = await ExecuteAsync(definitionId, new JsonObject { ["correlationId"] = "one" });
        var (_, second) = await ExecuteAsync(definitionId, new JsonObject { ["correlationId"] = "two" });

        using var response = await _client.PostAsJsonAsync($"/elsa/api/events/{eventName}", new JsonObject { ["correlationId"] = "one", ["payload"] = new JsonObject { ["ok"] = true } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.ReadObjectAsync()).Int("resumedCount"));
        await _client.WaitForInstanceAsync(first.Str("id"), i => i.Str("subStatus") == "Finished");
        var other = await (await _client.GetAsync($"/elsa/api/workflow-instances/{second.Str("id")}")).ReadObjectAsync();
        Assert.Equal("Suspended", other.Str("subStatus"));
    }

    [Fact]
    public async Task Event_WithNoWaitingInstance_ResumesNothing()
    {
        using var response = await _client.PostAsJsonAsync("/elsa/api/events/nobody-waits", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.ReadObjectAsync()).Int("resumedCount"));
    }

    [Fact]
    public async Task Retry_FaultedInstance_IsAccepted_AndAFinishedInstanceIsAConflict()
    {
        var faulting = await PublishAsync(ApiJson.Start(), ApiJson.Fault("f1", "boom"));
        var fine = await PublishAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));
        var (_, faulted) = await ExecuteAsync(faulting);
        var (_, finished) = await ExecuteAsync(fine);
        Assert.True(faulted.Int("incidentCount") > 0);

        using var retry = await _client.PostAsync($"/elsa/api/workflow-instances/{faulted.Str("id")}/retry", null);
        using var refused = await _client.PostAsync($"/elsa/api/workflow-instances/{finished.Str("id")}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("it has finished (Finished)", (await refused.ReadObjectAsync()).Str("detail"));
    }

    [Fact]
    public async Task Publish_NewVersion_LeavesRunningInstancesOnTheirVersion()
    {
        var eventName = "go-" + Guid.NewGuid().ToString("N");
        var definitionId = NewId();
        await _client.SaveAsync(ApiJson.Flow(definitionId, ApiJson.Start(), ApiJson.Event("e1", eventName), ApiJson.WriteLine("w1", "v1")), publish: true);
        var (_, started) = await ExecuteAsync(definitionId);
        await _client.SaveAsync(ApiJson.Flow(definitionId, ApiJson.Start(), ApiJson.WriteLine("w1", "v2")), publish: true);

        using var response = await _client.PostAsJsonAsync($"/elsa/api/events/{eventName}", new JsonObject());
        var finished = await _client.WaitForInstanceAsync(started.Str("id"), i => i.Str("subStatus") == "Finished");
        var (_, next) = await ExecuteAsync(definitionId);

        Assert.Equal(1, finished.Int("version"));
        Assert.Equal(2, next.Int("version"));
    }

    private async Task<JsonObject> ListAsync(JsonObject filter)
    {
        using var response = await _client.PostAsJsonAsync("/elsa/api/workflow-instances", filter);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}

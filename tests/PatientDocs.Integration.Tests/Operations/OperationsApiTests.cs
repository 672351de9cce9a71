using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Operations;

public sealed class OperationsApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Eta_OfAnUnknownInstance_Is404ProblemDetails()
    {
        using var response = await _client.GetAsync("/api/workflow-instances/no-such-instance/eta");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-such-instance", (await response.ReadObjectAsync()).Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eta_OfAFinishedInstance_IsItsFinishTime()
    {
        var instance = await ExecuteAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "done"));

        var eta = await _client.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{instance.Str("id")}/eta");

        Assert.Equal("finished", eta.Str("basis"));
        Assert.Equal("Finished", eta.Str("status"));
        Assert.Equal(instance["finishedAt"]!.GetValue<DateTimeOffset>(), eta!["etaAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(eta["etaAt"]!.GetValue<DateTimeOffset>(), eta["lowerBound"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Eta_OfAnInstanceWaitingForAnEvent_GivesNoEstimate_AndSaysWhy()
    {
        var instance = await ExecuteAsync(ApiJson.Start(), ApiJson.Event("e1", "ops-test-never"));

        var eta = await _client.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{instance.Str("id")}/eta");

        Assert.Equal("unknown", eta.Str("basis"));
        Assert.Equal("Waiting", eta.Str("status"));
        Assert.Null(eta!["etaAt"]);
        Assert.Equal("No estimate: it waits for something outside its queues (an event, a child workflow or an HTTP call).", eta.Str("summary"));
    }

    [Fact]
    public async Task Snapshot_ListsAWaitingInstanceWithItsEta_AndCountsIt()
    {
        var instance = await ExecuteAsync(ApiJson.Start(), ApiJson.Event("e1", "ops-test-snapshot"));

        var snapshot = (await _client.GetFromJsonAsync<JsonObject>("/api/ops/snapshot?pageSize=200"))!;

        var waiting = snapshot["waiting"]!["items"]!.AsArray().Single(i => i.Str("instanceId") == instance.Str("id"));
        Assert.Equal("unknown", waiting.Str("basis"));
        Assert.True(snapshot["instances"]!["suspended"]!.GetValue<long>() >= 1);
        Assert.True(snapshot["waiting"]!["total"]!.GetValue<long>() >= 1);
        Assert.NotEmpty(snapshot["limits"]!.AsArray());
        Assert.Contains(snapshot["queues"]!.AsArray(), q => q.Str("name") == "docex-search");
    }

    [Theory]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=many", "pageSize")]
    public async Task Snapshot_WithABadPage_Is400NamingTheField(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/ops/snapshot?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemFieldAsync());
    }

    private async Task<JsonObject> ExecuteAsync(params JsonObject[] activities)
    {
        var id = "ops-" + Guid.NewGuid().ToString("N")[..10];
        await _client.SaveAsync(ApiJson.Flow(id, activities), publish: true);
        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{id}/execute", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}

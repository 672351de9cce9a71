using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Alterations;

/// <summary><c>POST /elsa/api/alterations/run</c> and the definition's <c>options.timeout</c> through the API.</summary>
public sealed class AlterationApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string NewId() => "alter-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> ExecuteAsync(params JsonObject[] activities)
    {
        var definitionId = NewId();
        await _client.SaveAsync(ApiJson.Flow(definitionId, activities), publish: true);
        using var response = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject());
        return (await response.ReadObjectAsync()).Str("id");
    }

    private Task<HttpResponseMessage> RunAsync(JsonNode body) => _client.PostAsJsonAsync("/elsa/api/alterations/run", body);

    private static JsonObject Body(string instanceId, params JsonObject[] alterations) => new()
    {
        ["alterations"] = new JsonArray(alterations.Cast<JsonNode>().ToArray()),
        ["workflowInstanceIds"] = new JsonArray(instanceId),
    };

    [Fact]
    public async Task Run_ScheduleActivityOnAFinishedInstance_RunsItAgainAndAnswersElsasResultShape()
    {
        var instanceId = await ExecuteAsync(ApiJson.Start(), ApiJson.WriteLine("w1", "hi"), ApiJson.WriteLine("w2", "there"));

        using var response = await RunAsync(Body(instanceId, new JsonObject { ["type"] = "ScheduleActivity", ["activityId"] = "w1" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.ReadObjectAsync())["results"]!.AsArray().Single()!;
        Assert.Equal((instanceId, true, false), (result.Str("workflowInstanceId"), result.Bool("isSuccessful"), result.Bool("workflowHasScheduledWork")));
        Assert.Contains(result["log"]!["logEntries"]!.AsArray(), e => e.Str("message").Contains("'w1' scheduled", StringComparison.Ordinal));
        using var executions = await _client.GetAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}");
        var records = (await executions.ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal((1, 2, 2), (records.Count(r => r.Str("activityId") == "start1"), records.Count(r => r.Str("activityId") == "w1"), records.Count(r => r.Str("activityId") == "w2")));
    }

    [Fact]
    public async Task Run_AnUnknownInstance_IsReportedInItsResultNotAsAnError()
    {
        using var response = await RunAsync(Body("no-such-instance", new JsonObject { ["type"] = "ScheduleActivity", ["activityId"] = "w1" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.ReadObjectAsync())["results"]!.AsArray().Single()!;
        Assert.Equal(("no-such-instance", false), (result.Str("workflowInstanceId"), result.Bool("isSuccessful")));
    }

    [Theory]
    [InlineData("""{"alterations":[{"type":"Teleport","activityId":"w1"}],"workflowInstanceIds":["x"]}""", "alterations[0].type")]
    [InlineData("""{"alterations":[{"type":"ScheduleActivity"}],"workflowInstanceIds":["x"]}""", "alterations[0].activityId")]
    [InlineData("""{"alterations":[{"type":"ModifyVariable","value":1}],"workflowInstanceIds":["x"]}""", "alterations[0].variableId")]
    [InlineData("""{"alterations":[{"type":"Migrate","targetVersion":"soon"}],"workflowInstanceIds":["x"]}""", "alterations[0].targetVersion")]
    [InlineData("""{"alterations":[],"workflowInstanceIds":["x"]}""", "alterations")]
    [InlineData("""{"alterations":[{"type":"CancelActivity","activityId":"w1"}]}""", "workflowInstanceIds")]
    [InlineData("""{"alterations":[{"type":"CancelActivity","activityId":"w1"}],"workflowInstanceIds":[42]}""", "workflowInstanceIds[0]")]
    public async Task Run_WithBadInput_Answers400NamingTheField(string body, string field)
    {
        using var response = await _client.PostAsync("/elsa/api/alterations/run", ApiJson.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task Run_NamingAnActivityTheInstancesDefinitionLacks_Answers400AndChangesNothing()
    {
        var instanceId = await ExecuteAsync(ApiJson.Start(), ApiJson.Event("wait", "never"));

        using var response = await RunAsync(Body(instanceId, new JsonObject { ["type"] = "ScheduleActivity", ["activityId"] = "missing" }));
        using var instance = await _client.GetAsync($"/elsa/api/workflow-instances/{instanceId}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("alterations[0].activityId", await response.ProblemFieldAsync());
        Assert.Equal("Suspended", (await instance.ReadObjectAsync()).Str("subStatus"));
    }

    [Fact]
    public async Task Save_WithAnInvalidTimeout_Answers400NamingIt_AndASaveWithoutTheKeyKeepsAValidOne()
    {
        var model = ApiJson.Flow(NewId(), ApiJson.Start(), ApiJson.WriteLine("w1", "hi"));
        model["options"] = new JsonObject { ["timeout"] = "ten minutes" };
        using var invalid = await _client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model.DeepClone(), ["publish"] = false });
        model["options"] = new JsonObject { ["timeout"] = "PT10M" };
        await _client.SaveAsync(model.DeepClone().AsObject(), publish: false);
        model["options"] = new JsonObject { ["usableAsActivity"] = false };

        var resaved = await _client.SaveAsync(model, publish: false);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("model.options.timeout", await invalid.ProblemFieldAsync());
        Assert.Equal("PT10M", resaved["options"].Str("timeout"));
    }
}

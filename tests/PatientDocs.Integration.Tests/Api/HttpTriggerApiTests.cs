using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>The HTTP trigger and the bulk start, against a stand-in for the patient-documents workflow on the same path.</summary>
public sealed class HttpTriggerApiTests : IClassFixture<ServerFactory>, IAsyncLifetime
{
    private const string DefinitionId = "trigger-test-patient-documents";
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public HttpTriggerApiTests(ServerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    public async Task InitializeAsync()
    {
        using var existing = await _client.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{DefinitionId}?versionOptions=Published");
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            await _client.SaveAsync(ApiJson.Flow(DefinitionId, ApiJson.HttpEndpoint("http1", "/patient-documents"), ApiJson.WriteLine("w1", "started")), publish: true);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Post_ValidPatientId_Returns202WithInstanceIdAndLocation()
    {
        using var response = await _client.PostAsync("/workflows/patient-documents", ApiJson.RawJson("""{"patientId":"P000123"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = (await response.ReadObjectAsync()).Str("instanceId");
        Assert.Equal($"/elsa/api/workflow-instances/{instanceId}", response.Headers.Location?.OriginalString);
        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("subStatus") == "Finished");
        Assert.Equal(DefinitionId, finished.Str("definitionId"));
        Assert.Equal("P000123", finished["workflowState"]!["input"].Str("patientId"));
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("not json", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{}", "patientId")]
    [InlineData("""{"patientId":""}""", "patientId")]
    [InlineData("""{"patientId":"   "}""", "patientId")]
    [InlineData("""{"patientId":123}""", "patientId")]
    [InlineData("""{"patientId":"P0001;DROP TABLE"}""", "patientId")]
    [InlineData("""{"patientId":"../../etc/passwd"}""", "patientId")]
    [InlineData("""{"patientId":"P123456789012345678901234567890123"}""", "patientId")]
    public async Task Post_MalformedInput_Returns400NamingTheField_AndCreatesNoInstance(string body, string field)
    {
        var before = await CountInstancesAsync();

        using var response = await _client.PostAsync("/workflows/patient-documents", ApiJson.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemFieldAsync());
        Assert.Equal(before, await CountInstancesAsync());
    }

    [Fact]
    public async Task Post_UnknownPath_Returns404()
    {
        using var response = await _client.PostAsync("/workflows/no-such-trigger", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BulkRuns_StartOneInstancePerPatient_InOrder()
    {
        using var response = await _client.PostAsJsonAsync("/api/patient-documents/runs", new JsonObject { ["patientIds"] = new JsonArray("P000001", "P000002", "P000003") });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ids = (await response.ReadObjectAsync())["instanceIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        var second = await _client.WaitForInstanceAsync(ids[1], i => i.Str("subStatus") == "Finished");
        Assert.Equal("P000002", second["workflowState"]!["input"].Str("patientId"));
    }

    [Theory]
    [InlineData("""{}""", "patientIds")]
    [InlineData("""{"patientIds":[]}""", "patientIds")]
    [InlineData("""{"patientIds":"P000001"}""", "patientIds")]
    [InlineData("""{"patientIds":["P000001",""]}""", "patientIds[1]")]
    [InlineData("""{"patientIds":["P000001","P000002","bad id"]}""", "patientIds[2]")]
    public async Task BulkRuns_BadInput_Returns400NamingTheField(string body, string field)
    {
        var before = await CountInstancesAsync();

        using var response = await _client.PostAsync("/api/patient-documents/runs", ApiJson.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await response.ProblemFieldAsync());
        Assert.Equal(before, await CountInstancesAsync());
    }

    [Fact]
    public async Task BulkRuns_NamingAPatientTwice_Returns400NamingTheFieldAndTheDuplicatedIds()
    {
        var before = await CountInstancesAsync();
        var ids = new JsonArray("P000001", "P000002", "P000001", "P000003", "P000002", "P000001");

        using var response = await _client.PostAsJsonAsync("/api/patient-documents/runs", new JsonObject { ["patientIds"] = ids });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadObjectAsync();
        var message = Assert.Single(problem["errors"]!["patientIds"]!.AsArray())!.GetValue<string>();
        Assert.Equal("Each patient may appear once; named more than once: P000001, P000002.", message);
        Assert.Equal(before, await CountInstancesAsync());
    }

    [Fact]
    public async Task BulkRuns_MoreThanTenThousand_Returns400()
    {
        var ids = new JsonArray(Enumerable.Range(1, 10_001).Select(i => (JsonNode)$"P{i:D6}").ToArray());

        using var response = await _client.PostAsJsonAsync("/api/patient-documents/runs", new JsonObject { ["patientIds"] = ids });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("patientIds", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task ActivityLog_WithoutInstanceId_Returns400()
    {
        using var response = await _client.GetAsync("/api/activity-log");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("instanceId", await response.ProblemFieldAsync());
    }

    [Fact]
    public async Task ActivityLog_UnknownInstance_Returns404()
    {
        using var response = await _client.GetAsync("/api/activity-log?instanceId=no-such-instance");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ActivityLog_ForAFinishedInstance_ListsItsActivities()
    {
        using var started = await _client.PostAsync("/workflows/patient-documents", ApiJson.RawJson("""{"patientId":"P000009"}"""));
        var instanceId = (await started.ReadObjectAsync()).Str("instanceId");
        await _client.WaitForInstanceAsync(instanceId, i => i.Str("subStatus") == "Finished");

        var log = await (await _client.GetAsync($"/api/activity-log?instanceId={instanceId}")).ReadObjectAsync();

        Assert.Equal(instanceId, log.Str("instanceId"));
        var items = log["items"]!.AsArray();
        Assert.Equal(items.Count, log.Int("count"));
        Assert.All(items, i => Assert.Equal(instanceId, i.Str("instanceId")));
        Assert.Contains(items, i => i.Str("activityType") == "Elsa.WriteLine");
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.Str("activityName"))));
        Assert.All(items, i => Assert.True(i!["sequence"]!.GetValue<long>() > 0));
        Assert.Equal(items.Count / 2, items.Count(i => i.Str("phase") == "Started"));
        var csv = CsvRecords.Parse(await File.ReadAllTextAsync(Path.Combine(_factory.DataFolder, "activity-log.csv")));
        Assert.Equal(items.Select(i => i!["sequence"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)), csv.Skip(1).Where(r => r[2] == instanceId).Select(r => r[9]));
    }

    private async Task<int> CountInstancesAsync()
    {
        using var response = await _client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["definitionId"] = DefinitionId, ["pageSize"] = 1 });
        return (await response.ReadObjectAsync()).Int("totalCount");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>SendHttpRequest and FlowSendHttpRequest as durable tasks against a real HTTP server on 127.0.0.1.</summary>
public sealed class SendHttpRequestTests(OutboundHttpFixture fixture) : IClassFixture<OutboundHttpFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();
    private readonly RecordingHttpServer _server = fixture.Server;

    [Fact]
    public async Task SendHttpRequest_Answered503ThenSuccess_RetriesWithTheSameIdempotencyKey()
    {
        var request = Request("Elsa.SendHttpRequest", "req1", "/flaky", "POST", content: """{"item":"x"}""");
        request["expectedStatusCodes"] = new JsonArray(new JsonObject { ["statusCode"] = 201, ["activity"] = null });
        await PublishAsync("http-send-flaky", "send-flaky", [request, SetOutput("created", "created", "getOutputFrom('req1', 'parsedContent').created + ' ' + getOutputFrom('req1', 'statusCode')")], [("req1", "201", "created")]);

        var instanceId = await TriggerAsync("send-flaky");

        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        Assert.Equal("item-1 201", finished["workflowState"]!["output"].Str("created"));
        var calls = _server.To("/flaky");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal($"{instanceId}:req1", c.IdempotencyKey));
        Assert.All(calls, c => Assert.Equal("""{"item":"x"}""", c.Body));
    }

    [Fact]
    public async Task FlowSendHttpRequest_ChoosesThePortByStatusCode_AndAnUnexpected4xxIsNotRetried()
    {
        var notFound = Request("Elsa.FlowSendHttpRequest", "req1", "/status/404", "GET");
        notFound["expectedStatusCodes"] = ApiJson.Literal("[200, 404]", "Int32[]");
        var teapot = Request("Elsa.FlowSendHttpRequest", "req2", "/status/418", "GET");
        await PublishAsync(
            "http-flow-ports",
            "flow-ports",
            [notFound, teapot, SetOutput("on404", "first", "'404 port'"), SetOutput("onDone", "done", "'done port'"), SetOutput("unmatched", "second", "'unmatched ' + getOutputFrom('req2', 'statusCode')"), SetOutput("on200", "second", "'200 port'")],
            [("req1", "404", "on404"), ("req1", "Done", "onDone"), ("on404", "Done", "req2"), ("req2", "Unmatched status code", "unmatched"), ("req2", "200", "on200")]);

        var instanceId = await TriggerAsync("flow-ports");

        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        var output = finished["workflowState"]!["output"]!;
        Assert.Equal("404 port", output.Str("first"));
        Assert.Equal("done port", output.Str("done"));
        Assert.Equal("unmatched 418", output.Str("second"));
        Assert.Single(_server.To("/status/418"));
        Assert.Equal("Finished", finished.Str("subStatus"));
    }

    [Fact]
    public async Task FlowSendHttpRequest_OnALimitedQueue_NeverSendsMoreThanTheLimitInAnyWindow()
    {
        var request = Request("Elsa.FlowSendHttpRequest", "req1", "/limited", "GET");
        request["taskQueue"] = ApiJson.Literal("test-api");
        await PublishAsync("http-limited", "limited", [request, ApiJson.WriteLine("w1", "called")], [("req1", "200", "w1")]);

        var instanceIds = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            instanceIds.Add(await TriggerAsync("limited"));
        }

        foreach (var instanceId in instanceIds)
        {
            await _client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        }

        var arrivals = _server.To("/limited").Select(r => r.ArrivedAt).Order().ToList();
        Assert.Equal(6, arrivals.Count);
        Assert.InRange(StoreSamples.MaxInAnyWindow(arrivals, TimeSpan.FromSeconds(1)), 1, 2);
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromSeconds(2), $"six calls at two per second took {arrivals[^1] - arrivals[0]}");
    }

    // Its WriteLines are ES2015 template literals; this branch's ES5 engine rejects them on publish (issue 13 section 1).
    [Fact]
    public async Task ToolboxExample_HttpFlowSendRequest_RunsAsExpectationsSay()
    {
        var folder = ToolboxFolder();
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expectations.json")))!.AsArray()
            .Single(e => e.Str("name") == "http-flow-send-request")!;
        var json = await File.ReadAllTextAsync(Path.Combine(folder, "workflows", expected.Str("file")));
        var model = JsonNode.Parse(json.Replace("http://127.0.0.1:18765/", _server.BaseUrl + "/", StringComparison.Ordinal))!.AsObject();
        var definitionId = model.Str("definitionId") + "-" + Guid.NewGuid().ToString("N")[..8];
        model["definitionId"] = definitionId;
        var before = _server.Requests.Count;
        await _client.SaveAsync(model, publish: true);

        using var executed = await _client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        var instanceId = executed.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        Assert.Equal(expected.Str("expectedStatus"), finished.Str("status"));
        Assert.Equal(expected.Str("expectedSubStatus"), finished.Str("subStatus"));
        var log = (await (await _client.GetAsync($"/api/activity-log?instanceId={instanceId}")).ReadObjectAsync())["items"]!.AsArray()
            .Where(i => i.Str("phase") == "Completed").OrderBy(i => i!["sequence"]!.GetValue<long>()).ToList();
        var lines = log.Where(i => i.Str("activityType") == "Elsa.WriteLine").Select(i => JsonNode.Parse(i.Str("arguments")).Str("text")).ToList();
        Assert.Equal(expected["expectedWriteLines"]!.AsArray().Select(l => l!.GetValue<string>()), lines);
        var ran = log.Select(i => i.Str("activityId")).ToHashSet();
        Assert.All(expected["mustNotExecute"]!.AsArray(), id => Assert.DoesNotContain(id!.GetValue<string>(), ran));
        var seen = _server.Requests.Skip(before).ToList();
        var wanted = expected["httpRequests"]!.AsArray();
        Assert.Equal(wanted.Select(w => (w.Str("method"), w.Str("path"))), seen.Select(r => (r.Method, r.Path)));
        var post = seen.Single(r => r.Method == "POST");
        Assert.Equal(wanted[2].Str("contentType"), post.ContentType?.Split(';')[0]);
        Assert.True(JsonNode.DeepEquals(wanted[2]!["jsonBody"], JsonNode.Parse(post.Body)), post.Body);
    }

    private static string ToolboxFolder()
    {
        var folder = SharedFolder.Locate("elsa-toolbox-examples");
        Assert.True(Directory.Exists(folder), $"The Elsa toolbox examples are missing: {folder} does not exist.");
        return folder;
    }

    private async Task PublishAsync(string definitionId, string path, JsonObject[] activities, (string From, string Port, string To)[] connections)
    {
        var model = ApiJson.Flow(definitionId, [ApiJson.HttpEndpoint("http1", path), .. activities]);
        var edges = new JsonArray { Edge("http1", "Done", activities[0]["id"]!.GetValue<string>()) };
        foreach (var (from, port, to) in connections)
        {
            edges.Add(Edge(from, port, to));
        }

        model["root"]!["connections"] = edges;
        await _client.SaveAsync(model, publish: true);
    }

    private async Task<string> TriggerAsync(string path)
    {
        using var response = await _client.PostAsync($"/workflows/{path}", ApiJson.RawJson("{}"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadObjectAsync()).Str("instanceId");
    }

    private JsonObject Request(string type, string id, string path, string method, string? content = null)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["url"] = ApiJson.Literal(_server.BaseUrl + path, "Uri"),
            ["method"] = ApiJson.Literal(method),
        };
        if (content is not null)
        {
            activity["content"] = ApiJson.Literal(content, "Object");
            activity["contentType"] = ApiJson.Literal("application/json");
        }

        return activity;
    }

    private static JsonObject Edge(string from, string port, string to) => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };

    private static JsonObject SetOutput(string id, string name, string script) => new()
    {
        ["id"] = id,
        ["type"] = "Elsa.SetOutput",
        ["version"] = 1,
        ["outputName"] = ApiJson.Literal(name),
        ["outputValue"] = ApiJson.JavaScript(script),
    };
}

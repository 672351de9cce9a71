using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// Issue 13 section 4: a trigger request held open while the workflow waits for its outbound call (a durable task), answered
/// with the response written in a later burst, on this node or another one on the same store; 202 on timeout or when the
/// instance faults first. One subclass per store.
/// </summary>
public abstract class HeldResponseTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(2);
    private readonly List<HeldResponseServer> _servers = [];
    private RecordingHttpServer? _api;

    private RecordingHttpServer Api => _api!;

    /// <summary>The provider and a connection string every node of one test shares.</summary>
    protected abstract (string Provider, string ConnectionString) Store();

    public async Task InitializeAsync() => _api = await RecordingHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task Get_WithARouteValue_IsAnsweredWithTheResponseWrittenAfterTheOutboundCall()
    {
        var client = Node("node-a", Long);
        var definitionId = await PublishAsync(client, ApiJson.Flow("held-hello", [.. HelloActivities("held/hello/{name}")]));

        var (response, elapsed) = await GetAsync(client, "/workflows/held/hello/Ada");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hello Ada, the API says hello 42", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(Api.To("/tbx/greeting"));
        Assert.True(elapsed < Long / 2, $"answered after {elapsed}");
        Assert.Equal("Finished", (await SingleInstanceAsync(client, definitionId)).Str("subStatus"));
    }

    [StoreFact]
    public async Task Get_IntoASequenceRoot_StartsAtItsEndpoint_AndIsAnsweredAfterTheOutboundCall()
    {
        var client = Node("node-a", Long);
        var model = ApiJson.Flow("held-sequence");
        model["root"] = new JsonObject
        {
            ["id"] = "seq1",
            ["type"] = "Elsa.Sequence",
            ["version"] = 1,
            ["activities"] = new JsonArray([.. HelloActivities("held/seq/{name}")]),
        };
        await PublishAsync(client, model);

        var (response, _) = await GetAsync(client, "/workflows/held/seq/Grace");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hello Grace, the API says hello 42", await response.Content.ReadAsStringAsync());
    }

    [StoreFact]
    public async Task Get_WhenNoResponseIsWrittenInTime_Answers202WithTheInstance()
    {
        var client = Node("node-a", TimeSpan.FromMilliseconds(300));
        await PublishAsync(client, ApiJson.Flow(
            "held-timeout",
            ApiJson.HttpEndpoint("http1", "held/timeout", methods: ["GET"]),
            ApiJson.Event("wait1", "held-timeout-never"),
            Response("resp1", ApiJson.Literal("too late"))));

        var (response, _) = await GetAsync(client, "/workflows/held/timeout");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = (await response.ReadObjectAsync()).Str("instanceId");
        Assert.Equal($"/elsa/api/workflow-instances/{instanceId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Suspended", (await client.WaitForInstanceAsync(instanceId, _ => true)).Str("subStatus"));
    }

    [StoreFact]
    public async Task Get_WhenTheInstanceFaultsBeforeItsResponse_Answers202Promptly()
    {
        var client = Node("node-a", Long);
        var model = ApiJson.Flow(
            "held-fault",
            ApiJson.HttpEndpoint("http1", "held/fault", methods: ["GET"]),
            Call("req1"),
            ApiJson.Fault("fault1", "the API answer was not good enough"));

        // Fault has no outbound port: the response sits on a branch this run never takes.
        model["root"]!["activities"]!.AsArray().Add(Response("resp1", ApiJson.Literal("never")));
        var definitionId = await PublishAsync(client, model);

        var (response, elapsed) = await GetAsync(client, "/workflows/held/fault");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(elapsed < Long / 2, $"answered after {elapsed}, the timeout is {Long}");
        Assert.Single(Api.To("/tbx/greeting"));
        Assert.Equal("Faulted", (await SingleInstanceAsync(client, definitionId)).Str("subStatus"));
    }

    [StoreFact]
    public async Task Get_OnANodeWithoutWorkers_IsAnsweredWithTheResponseAnotherNodeWrote()
    {
        var front = Node("node-front", Long, runWorkers: false);
        var definitionId = await PublishAsync(front, ApiJson.Flow("held-two-nodes", [.. HelloActivities("held/two/{name}")]));
        var worker = Node("node-worker", Long);

        var (response, _) = await GetAsync(front, "/workflows/held/two/Lin");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hello Lin, the API says hello 42", await response.Content.ReadAsStringAsync());
        Assert.Single(Api.To("/tbx/greeting"));
        Assert.Equal("Finished", (await SingleInstanceAsync(worker, definitionId)).Str("subStatus"));
    }

    private HttpClient Node(string nodeId, TimeSpan responseTimeout, bool runWorkers = true)
    {
        var (provider, connectionString) = Store();
        var server = new HeldResponseServer(provider, connectionString, nodeId, responseTimeout, runWorkers);
        _servers.Add(server);
        return server.CreateClient();
    }

    private JsonObject[] HelloActivities(string path) =>
    [
        ApiJson.HttpEndpoint("http1", path, methods: ["GET"]),
        Call("req1"),
        Response(
            "resp1",
            ApiJson.JavaScript("`Hello ${getOutputFrom('http1', 'routeData').name}, the API says ${getOutputFrom('req1', 'parsedContent').greeting} ${getOutputFrom('req1', 'parsedContent').n}`", "String"),
            "text/plain"),
    ];

    private JsonObject Call(string id) => new()
    {
        ["id"] = id,
        ["type"] = "Elsa.SendHttpRequest",
        ["version"] = 1,
        ["url"] = ApiJson.Literal(Api.BaseUrl + "/tbx/greeting", "Uri"),
        ["method"] = ApiJson.Literal("GET"),
    };

    private static JsonObject Response(string id, JsonObject content, string? contentType = null)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Elsa.WriteHttpResponse",
            ["version"] = 1,
            ["statusCode"] = ApiJson.Literal("Created", "System.Net.HttpStatusCode"),
            ["content"] = content,
        };
        if (contentType is not null)
        {
            activity["contentType"] = ApiJson.Literal(contentType);
        }

        return activity;
    }

    private static async Task<string> PublishAsync(HttpClient client, JsonObject model)
    {
        await client.SaveAsync(model, publish: true);
        return model.Str("definitionId");
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> GetAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync(path);
        return (response, watch.Elapsed);
    }

    private static async Task<JsonObject> SingleInstanceAsync(HttpClient client, string definitionId)
    {
        var instances = await (await client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["definitionId"] = definitionId })).ReadObjectAsync();
        var id = Assert.Single(instances["items"]!.AsArray()).Str("id");
        return await client.WaitForInstanceAsync(id, i => i.Str("status") == "Finished" || i.Str("subStatus") == "Faulted");
    }
}

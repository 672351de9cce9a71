using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>Elsa.WriteHttpResponse answers the trigger request while it is open, also when written after a suspension.</summary>
public sealed class WriteHttpResponseTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task WriteHttpResponse_InTheRequestsBurst_IsTheResponse()
    {
        await _client.SaveAsync(
            ApiJson.Flow(
                "http-hello",
                ApiJson.HttpEndpoint("http1", "hello/{name}", methods: ["GET"]),
                Response("resp1", "Created", ApiJson.JavaScript("'Hello ' + getOutputFrom('http1', 'routeData').name + '!'", "String"), "text/plain; charset=utf-8", """{"X-Greeting":["yes"],"X-Count":"2"}""")),
            publish: true);

        using var response = await _client.GetAsync("/workflows/hello/Ada");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hello Ada!", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["yes"], response.Headers.GetValues("X-Greeting"));
        Assert.Equal(["2"], response.Headers.GetValues("X-Count"));
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task WriteHttpResponse_ObjectContent_IsAnsweredAsJson_AndTheInstanceFinishes()
    {
        await _client.SaveAsync(
            ApiJson.Flow(
                "http-echo",
                ApiJson.HttpEndpoint("http1", "echo", methods: ["POST"]),
                Response("resp1", "OK", ApiJson.JavaScript("({ got: getOutputFrom('http1', 'parsedContent').n * 2 })"))),
            publish: true);

        using var response = await _client.PostAsync("/workflows/echo", ApiJson.RawJson("""{"n":21}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(42, (await response.ReadObjectAsync()).Int("got"));
        var instances = await (await _client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["definitionId"] = "http-echo" })).ReadObjectAsync();
        Assert.Equal("Finished", Assert.Single(instances["items"]!.AsArray()).Str("subStatus"));
    }

    [Fact]
    public async Task WriteHttpResponse_AfterTheWorkflowSuspended_AnswersTheRequestHeldOpen()
    {
        await _client.SaveAsync(
            ApiJson.Flow(
                "http-suspend-first",
                ApiJson.HttpEndpoint("http1", "later", methods: ["POST"]),
                ApiJson.Event("wait1", "http-later-go"),
                Response("resp1", "OK", ApiJson.Literal("written later"))),
            publish: true);

        var pending = _client.PostAsync("/workflows/later", ApiJson.RawJson("{}"));
        var instanceId = await SuspendedInstanceAsync("http-suspend-first");
        using (var published = await _client.PostAsJsonAsync("/elsa/api/events/http-later-go", new JsonObject()))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("written later", await response.Content.ReadAsStringAsync());
        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        Assert.Equal("Finished", finished.Str("subStatus"));
        Assert.Empty(finished["workflowState"]!["incidents"]!.AsArray());
    }

    private async Task<string> SuspendedInstanceAsync(string definitionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var instances = await (await _client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["definitionId"] = definitionId }, timeout.Token)).ReadObjectAsync();
            if (instances["items"]!.AsArray().FirstOrDefault(i => i.Str("subStatus") == "Suspended") is { } suspended)
            {
                return suspended.Str("id");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static JsonObject Response(string id, string status, JsonObject content, string? contentType = null, string? headers = null)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["type"] = "Elsa.WriteHttpResponse",
            ["version"] = 1,
            ["statusCode"] = ApiJson.Literal(status, "System.Net.HttpStatusCode"),
            ["content"] = content,
        };
        if (contentType is not null)
        {
            activity["contentType"] = ApiJson.Literal(contentType);
        }

        if (headers is not null)
        {
            activity["responseHeaders"] = ApiJson.Literal(headers, "Elsa.Http.HttpHeaders");
        }

        return activity;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>Elsa.HttpEndpoint as a trigger: methods, route templates, query string and headers reaching its outputs, 404 and 405.</summary>
public sealed class HttpEndpointTriggerTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Get_WithRouteParameterAndQuery_ReachesTheEndpointOutputs()
    {
        await _client.SaveAsync(
            ApiJson.Flow(
                "http-get-orders",
                ApiJson.HttpEndpoint("http1", "/orders/{id}", methods: ["GET"]),
                SetOutput("out1", "request", """
                    ({
                        id: getOutputFrom('http1', 'routeData').id,
                        expand: getOutputFrom('http1', 'queryStringData').expand,
                        tags: getOutputFrom('http1', 'queryStringData').tag,
                        trace: getOutputFrom('http1', 'headers')['X-Trace'],
                        auth: getOutputFrom('http1', 'headers')['Authorization'] || null,
                        body: getOutputFrom('http1', 'parsedContent')
                    })
                    """)),
            publish: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/workflows/orders/42?expand=lines&tag=a&tag=b");
        request.Headers.Add("X-Trace", "t-1");
        request.Headers.Add("Authorization", "Bearer secret");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = (await response.ReadObjectAsync()).Str("instanceId");
        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("subStatus") == "Finished");
        var output = finished["workflowState"]!["output"]!["request"]!;
        Assert.Equal("42", output.Str("id"));
        Assert.Equal("lines", output.Str("expand"));
        Assert.Equal(["a", "b"], output["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("t-1", output.Str("trace"));
        Assert.Null(output["auth"]);
        Assert.Null(output["body"]);
    }

    [Fact]
    public async Task Endpoint_WithoutSupportedMethods_ListensOnGet_AsElsaDefaults()
    {
        var endpoint = ApiJson.HttpEndpoint("http1", "default-method");
        endpoint.Remove("supportedMethods");
        await _client.SaveAsync(ApiJson.Flow("http-default-method", endpoint, ApiJson.WriteLine("w1", "hit")), publish: true);

        using var get = await _client.GetAsync("/workflows/default-method");
        using var post = await _client.PostAsync("/workflows/default-method", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.Accepted, get.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task Put_WithJsonBody_ReachesParsedContent_AndALiteralPathOutranksATemplate()
    {
        await _client.SaveAsync(
            ApiJson.Flow("http-put-item", ApiJson.HttpEndpoint("http1", "items/{name}", methods: ["PUT"]), SetOutput("out1", "seen", "'template ' + getOutputFrom('http1', 'routeData').name + ' ' + getOutputFrom('http1', 'parsedContent').size")),
            publish: true);
        await _client.SaveAsync(
            ApiJson.Flow("http-put-special", ApiJson.HttpEndpoint("http1", "items/special", methods: ["PUT"]), SetOutput("out1", "seen", "'literal'")),
            publish: true);

        using var templated = await _client.PutAsync("/workflows/items/box", ApiJson.RawJson("""{"size":3}"""));
        using var literal = await _client.PutAsync("/workflows/items/special", ApiJson.RawJson("{}"));

        Assert.Equal("template box 3", await OutputAsync(templated, "seen"));
        Assert.Equal("literal", await OutputAsync(literal, "seen"));
    }

    [Fact]
    public async Task Post_ToAGetOnlyEndpoint_Answers405ProblemWithAllow()
    {
        await _client.SaveAsync(ApiJson.Flow("http-get-only", ApiJson.HttpEndpoint("http1", "reports/{year}", methods: ["GET", "DELETE"]), ApiJson.WriteLine("w1", "x")), publish: true);

        using var response = await _client.PostAsync("/workflows/reports/2024", ApiJson.RawJson("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["DELETE", "GET"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(405, (await response.ReadObjectAsync()).Int("status"));
    }

    [Fact]
    public async Task Get_OnAPathNoPublishedDefinitionHas_Answers404Problem()
    {
        await _client.SaveAsync(ApiJson.Flow("http-draft-only", ApiJson.HttpEndpoint("http1", "drafts/{id}", methods: ["GET"]), ApiJson.WriteLine("w1", "x")), publish: false);

        using var unknown = await _client.GetAsync("/workflows/nothing/here");
        using var draft = await _client.GetAsync("/workflows/drafts/1");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal("application/problem+json", draft.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> OutputAsync(HttpResponseMessage response, string name)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = (await response.ReadObjectAsync()).Str("instanceId");
        var finished = await _client.WaitForInstanceAsync(instanceId, i => i.Str("subStatus") == "Finished");
        return finished["workflowState"]!["output"].Str(name);
    }

    private static JsonObject SetOutput(string id, string name, string script) => new()
    {
        ["id"] = id,
        ["type"] = "Elsa.SetOutput",
        ["version"] = 1,
        ["outputName"] = ApiJson.Literal(name),
        ["outputValue"] = ApiJson.JavaScript(script),
    };
}

using System.Net;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>On the in-memory store the module has no tables: its routes answer 503, and the HTTP triggers under /workflows still answer.</summary>
public sealed class ApiUnavailableTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task InMemoryStore_Answers503OnEveryRoute_ButOneSegmentTriggersStillRun()
    {
        await _client.SaveAsync(ApiJson.Flow("http-inmemory-hook", ApiJson.HttpEndpoint("http1", "inmemory-hook", methods: ["GET"]), ApiJson.WriteLine("w1", "hit")), publish: true);

        using var register = await _client.RegisterAsync("name: x\n");
        using var list = await _client.GetAsync("/workflows");
        using var start = await _client.PostAsync("/workflow-executions", ApiJson.RawJson("{}"));
        using var get = await _client.GetAsync("/workflow-executions/abc");
        using var trigger = await _client.GetAsync("/workflows/inmemory-hook");

        Assert.All(new[] { register, list, start, get }, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
    }
}

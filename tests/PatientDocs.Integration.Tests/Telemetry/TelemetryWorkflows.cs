using System.Net;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;

namespace PatientDocs.Integration.Tests.Telemetry;

/// <summary>Workflows of one outbound call each (a task), triggered over HTTP, for the telemetry tests.</summary>
internal static class TelemetryWorkflows
{
    /// <summary>HttpEndpoint on <paramref name="path"/> → FlowSendHttpRequest to <paramref name="url"/> on <paramref name="queue"/> → WriteLine.</summary>
    public static async Task PublishCallAsync(HttpClient client, string definitionId, string path, string url, string method, string queue)
    {
        var call = new JsonObject
        {
            ["id"] = "call1",
            ["type"] = "Elsa.FlowSendHttpRequest",
            ["version"] = 1,
            ["url"] = ApiJson.Literal(url, "Uri"),
            ["method"] = ApiJson.Literal(method),
            ["taskQueue"] = ApiJson.Literal(queue),
        };
        await client.SaveAsync(ApiJson.Flow(definitionId, ApiJson.HttpEndpoint("http1", path), call, ApiJson.WriteLine("done1", "called")), publish: true);
    }

    public static async Task<string> TriggerAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync($"/workflows/{path}", ApiJson.RawJson("{}"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadObjectAsync()).Str("instanceId");
    }

    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusSample.Parse(await response.Content.ReadAsStringAsync());
    }
}

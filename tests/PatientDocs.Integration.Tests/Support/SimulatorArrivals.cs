using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// The event a test injects its fault on: the Nth request arriving at a simulator endpoint, awaited with one long-poll
/// (<c>GET /sim/{service}/arrivals?endpoint=…&amp;atLeast=N</c>) instead of polling the server for a count.
/// </summary>
public static class SimulatorArrivals
{
    /// <summary>Completes once <paramref name="count"/> requests have arrived at the endpoint; returns the arrivals then.</summary>
    public static async Task<long> WaitAsync(Uri simulators, string service, string endpoint, long count, TimeSpan deadline)
    {
        // Its own client: the wait may outlast the usual request timeout; the deadline bounds it instead.
        using var http = new HttpClient { BaseAddress = simulators, Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            using var response = await http.GetAsync($"/sim/{service}/arrivals?endpoint={endpoint}&atLeast={count}", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["arrivals"]!.GetValue<long>();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"{service} {endpoint}: {await CountAsync(simulators, service, endpoint)} of {count} requests arrived within {deadline}.");
            throw;
        }
    }

    /// <summary>The requests that have arrived at the endpoint so far, whatever their answer.</summary>
    public static async Task<long> CountAsync(Uri simulators, string service, string endpoint)
    {
        using var http = new HttpClient { BaseAddress = simulators, Timeout = TimeSpan.FromSeconds(30) };
        var body = await http.GetFromJsonAsync<JsonObject>($"/sim/{service}/arrivals?endpoint={endpoint}");
        return body!["arrivals"]!.GetValue<long>();
    }
}

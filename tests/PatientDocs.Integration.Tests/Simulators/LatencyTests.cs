using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Simulators;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.Gateway;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class LatencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Defaults_GiveEveryEndpointABaseAndAJitter()
    {
        var options = new SimulatorsOptions();

        Assert.Equal(1, options.LatencyMultiplier);
        Assert.Equal(["download", "search", "status"], options.DocumentExchange.Latency.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["create", "list", "read", "report", "status"], options.TaskTracker.Latency.Keys.Order(StringComparer.Ordinal));
        Assert.All(options.DocumentExchange.Latency.Values.Concat(options.TaskTracker.Latency.Values), latency =>
        {
            Assert.True(latency.BaseMilliseconds > 0);
            Assert.True(latency.JitterMilliseconds > 0);
        });
        Assert.True(new SimulatorsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Latency_DividesByTimeScale_AndAnOverrideKeepsTheOtherDefaults()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:TimeScale"] = "60",
            ["Simulators:LatencyMultiplier"] = "1",
            ["Simulators:DocumentExchange:Latency:Search:BaseMilliseconds"] = "600",
        });
        var exchange = host.Services.GetRequiredService<DocumentExchangeSimulator>().Gate;
        var tracker = host.Services.GetRequiredService<TaskTrackerSimulator>().Gate;

        Assert.Equal(new EndpointLatency(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(1)), exchange.Endpoint("search")!.Latency);
        Assert.Equal(new EndpointLatency(TimeSpan.FromMilliseconds(0.5), TimeSpan.FromMilliseconds(20.0 / 60)), exchange.Endpoint("status")!.Latency);
        Assert.Equal(new EndpointLatency(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(40.0 / 60)), tracker.Endpoint("create")!.Latency);
    }

    [Fact]
    public async Task Latency_HoldsTheAnswerUntilTheScaledBaseHasPassed()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:TimeScale"] = "10",
            ["Simulators:LatencyMultiplier"] = "1",
            ["Simulators:TaskTracker:Latency:list:BaseMilliseconds"] = "1000",
            ["Simulators:TaskTracker:Latency:list:JitterMilliseconds"] = "0",
        });
        var waiting = host.Clock.WhenTimerCreated(TimeSpan.FromMilliseconds(100));

        var pending = host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        await waiting.WaitAsync(Patience);
        host.Clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(pending.IsCompleted);
        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await pending.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Counted on arrival, before the latency: the window is the service's, not the client's.
        Assert.Equal(1, (await host.Client.StatsAsync(SimulatorRequests.Tracker)).GetProperty("limits").GetProperty("requests").GetProperty("requests").GetInt64());
    }

    [Fact]
    public void Sampler_SameSeed_SameDraws_AllBetweenTheBaseAndTheCap()
    {
        var latency = new EndpointLatency(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(20));
        var first = new LatencySampler(7);
        var second = new LatencySampler(7);
        var other = new LatencySampler(8);

        var draws = Enumerable.Range(0, 10_000).Select(_ => first.Next(latency)).ToList();
        var again = Enumerable.Range(0, 10_000).Select(_ => second.Next(latency)).ToList();
        var otherDraws = Enumerable.Range(0, 10_000).Select(_ => other.Next(latency)).ToList();

        Assert.Equal(draws, again);
        Assert.NotEqual(draws, otherDraws);
        Assert.All(draws, d => Assert.InRange(d, latency.Base, latency.Max));
        // The extra is exponential, cut at five means: its mean is (1 - e^-5) of the jitter, 19.87 ms here.
        var meanExtra = draws.Average(d => (d - latency.Base).TotalMilliseconds);
        Assert.InRange(meanExtra, 19.0, 20.7);
        Assert.True(draws.Count(d => d > latency.Base + latency.Jitter) > 2_000, "a spread, not a constant: about 37 % of draws exceed base + jitter");
    }

    [Fact]
    public void NoJitter_IsExactlyTheBase()
    {
        var latency = new EndpointLatency(TimeSpan.FromMilliseconds(12), TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMilliseconds(12), new LatencySampler(1).Next(latency));
        Assert.Equal(EndpointLatency.None, EndpointLatency.From(new LatencyOptions { BaseMilliseconds = 50, JitterMilliseconds = 10 }, 1, 0));
    }

    [Fact]
    public async Task InvalidLatency_FailsAtStartNamingTheFields()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:LatencyMultiplier"] = "-1",
            ["Simulators:DocumentExchange:Latency:search:BaseMilliseconds"] = "-5",
            ["Simulators:DocumentExchange:Latency:status:JitterMilliseconds"] = "120000",
            ["Simulators:TaskTracker:Latency:lookup:BaseMilliseconds"] = "1",
        }));

        Assert.Contains("Simulators:LatencyMultiplier", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulators:DocumentExchange:Latency:search:BaseMilliseconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulators:DocumentExchange:Latency:status:JitterMilliseconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulators:TaskTracker:Latency:lookup is not an endpoint", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Simulators;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class StatsTests
{
    [Fact]
    public async Task Stats_HaveIntegerTotalsEndpointsAndLimits()
    {
        await using var host = await SimulatorHost.StartAsync();
        (await host.Client.SearchAsync("P1")).Dispose();

        var exchange = await host.Client.StatsAsync(SimulatorRequests.Exchange);
        var tracker = await host.Client.StatsAsync(SimulatorRequests.Tracker);

        Assert.Equal(JsonValueKind.Number, exchange.GetProperty("requests").ValueKind);
        Assert.Equal(1, exchange.GetProperty("requests").GetInt64());
        Assert.Equal(0, exchange.GetProperty("violations").GetInt64());
        Assert.Equal(["download", "search", "status"], exchange.GetProperty("endpoints").EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(["search+download", "status"], exchange.GetProperty("limits").EnumerateObject().Select(p => p.Name).Order().ToArray());
        var shared = exchange.GetProperty("limits").GetProperty("search+download");
        Assert.Equal(10, shared.GetProperty("permits").GetInt32());
        Assert.Equal(60, shared.GetProperty("periodSeconds").GetDouble());
        Assert.Equal(1, shared.GetProperty("maxInWindow").GetInt32());
        Assert.Equal(0, shared.GetProperty("violations").GetInt64());
        Assert.Equal(0, tracker.GetProperty("requests").GetInt64());
        Assert.Equal(["create", "list", "read", "report", "status"], tracker.GetProperty("endpoints").EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(1, tracker.GetProperty("limits").GetProperty("requests").GetProperty("periodSeconds").GetDouble());
    }

    [Fact]
    public async Task DeleteStats_ClearsTheCounters()
    {
        await using var host = await SimulatorHost.StartAsync();
        for (var i = 0; i < 11; i++)
        {
            (await host.Client.SearchAsync($"P{i}")).Dispose();
        }

        using var reset = await host.Client.DeleteAsync($"{SimulatorRequests.Exchange}/stats");
        var stats = await host.Client.StatsAsync(SimulatorRequests.Exchange);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, stats.GetProperty("requests").GetInt64());
        Assert.Equal(0, stats.GetProperty("violations").GetInt64());
        Assert.Equal(0, stats.GetProperty("limits").GetProperty("search+download").GetProperty("violations").GetInt64());
    }

    [Fact]
    public async Task InvalidOptions_FailAtStartNamingTheFields()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:TimeScale"] = "0",
            ["Simulators:DocumentExchange:Distribution:NoneFraction"] = "1.5",
            ["Simulators:TaskTracker:Limit:Permits"] = "0",
        }));

        Assert.Contains("Simulators:TimeScale", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulators:DocumentExchange:Distribution:NoneFraction", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulators:TaskTracker:Limit:Permits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeScale_FallsBackToPatientDocsThenOne()
    {
        await using var fallback = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["PatientDocs:TimeScale"] = "30" });
        await using var own = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["PatientDocs:TimeScale"] = "30", ["Simulators:TimeScale"] = "5" });
        await using var none = await SimulatorHost.StartAsync();

        Assert.Equal(30, fallback.Services.GetRequiredService<IOptions<SimulatorsOptions>>().Value.TimeScale);
        Assert.Equal(5, own.Services.GetRequiredService<IOptions<SimulatorsOptions>>().Value.TimeScale);
        Assert.Equal(1, none.Services.GetRequiredService<IOptions<SimulatorsOptions>>().Value.TimeScale);
    }
}

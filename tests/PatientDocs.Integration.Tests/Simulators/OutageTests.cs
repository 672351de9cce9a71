using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class OutageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Unavailable_Answers503WithRetryAfter_AndStillCountsEveryRequestInTheWindow()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var started = await StartOutageAsync(host, SimulatorRequests.Exchange, new { kind = "unavailable", durationSeconds = 30 });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        for (var i = 0; i < 10; i++)
        {
            using var down = await host.Client.SearchAsync($"P{i}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("30", down.Header("Retry-After"));
        }

        // Back up after 30 s, but the ten requests of the outage hold the 60 s window for 30 s more.
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var tooSoon = await host.Client.SearchAsync("P-too-soon");
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var back = await host.Client.SearchAsync("P-back");

        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal("30", tooSoon.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.Accepted, back.StatusCode);
        var stats = await host.Client.StatsAsync(SimulatorRequests.Exchange);
        Assert.Equal(2, stats.GetProperty("requests").GetInt64());
        Assert.Equal(10, stats.GetProperty("unavailable").GetInt64());
        Assert.Equal(1, stats.GetProperty("violations").GetInt64());
        var limit = stats.GetProperty("limits").GetProperty("search+download");
        Assert.Equal(12, limit.GetProperty("requests").GetInt64());
        Assert.Equal(11, limit.GetProperty("maxInWindow").GetInt32());
    }

    [Fact]
    public async Task Unavailable_OverTheLimit_Answers429_AsTheGatewayLimitsBeforeTheServiceIsAsked()
    {
        await using var host = await SimulatorHost.StartAsync();
        (await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "unavailable", durationSeconds = 30 })).Dispose();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
            answers.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10), HttpStatusCode.TooManyRequests], answers);
        var stats = await host.Client.StatsAsync(SimulatorRequests.Tracker);
        Assert.Equal(1, stats.GetProperty("violations").GetInt64());
        Assert.Equal(11, stats.GetProperty("limits").GetProperty("requests").GetProperty("maxInWindow").GetInt32());
    }

    [Fact]
    public async Task Outage_WithStartDelay_BeginsLater_AndDeleteEndsIt()
    {
        await using var host = await SimulatorHost.StartAsync();
        (await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "unavailable", durationSeconds = 60, startInSeconds = 10 })).Dispose();

        using var before = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        using var during = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        using var ended = await host.Client.DeleteAsync($"{SimulatorRequests.Tracker}/outages");
        using var after = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(1, (await ended.ReadJsonAsync()).GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Outage_ArmedForTwoRequests_LetsThemThroughAndMeetsTheThird()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var armed = await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "unavailable", durationSeconds = 30, startAfterRequests = 2 });
        using var listed = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/outages");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
            answers.Add(response.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");

        Assert.Equal(HttpStatusCode.Accepted, armed.StatusCode);
        var view = await armed.ReadJsonAsync();
        Assert.Equal(2, view.GetProperty("startsAfterRequests").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("startsAt").ValueKind);
        Assert.Equal(2, (await listed.ReadJsonAsync()).GetProperty("outages")[0].GetProperty("startsAfterRequests").GetInt64());
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], answers);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Outage_Armed_IsDisarmedByDelete()
    {
        await using var host = await SimulatorHost.StartAsync();
        (await StartOutageAsync(host, SimulatorRequests.Exchange, new { kind = "unavailable", durationSeconds = 30, startAfterRequests = 1 })).Dispose();

        using var ended = await host.Client.DeleteAsync($"{SimulatorRequests.Exchange}/outages");
        using var first = await host.Client.SearchAsync("P1");
        using var second = await host.Client.SearchAsync("P2");

        Assert.Equal(1, (await ended.ReadJsonAsync()).GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
    }

    [Fact]
    public async Task Outage_DurationsDivideByTimeScale()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:TimeScale"] = "60" });
        (await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "unavailable", durationSeconds = 60 })).Dispose();

        using var during = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("1000", during.Header("Retry-After-Ms"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ScheduledOutage_FromConfiguration_StartsAndEndsOnTime()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:DocumentExchange:Outages:0:Kind"] = "Unavailable",
            ["Simulators:DocumentExchange:Outages:0:StartInSeconds"] = "100",
            ["Simulators:DocumentExchange:Outages:0:DurationSeconds"] = "50",
        });

        using var before = await host.Client.SearchAsync("P1");
        host.Clock.Advance(TimeSpan.FromSeconds(100));
        using var during = await host.Client.SearchAsync("P2");
        host.Clock.Advance(TimeSpan.FromSeconds(50));
        using var after = await host.Client.SearchAsync("P3");

        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }

    [Fact]
    public async Task Refuse_AbortsTheConnection()
    {
        await using var host = await SimulatorHost.StartAsync(kestrel: true);
        (await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "refuse", durationSeconds = 30 })).Dispose();

        await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.GetAsync($"{SimulatorRequests.Tracker}/items"));

        var stats = await host.Client.StatsAsync(SimulatorRequests.Tracker);
        Assert.Equal(0, stats.GetProperty("requests").GetInt64());
        Assert.Equal(1, stats.GetProperty("unavailable").GetInt64());
        Assert.Equal(1, stats.GetProperty("limits").GetProperty("requests").GetProperty("inWindow").GetInt32());
    }

    [Fact]
    public async Task Hang_HoldsTheRequestUntilTheOutageEnds_ThenAnswers503()
    {
        await using var host = await SimulatorHost.StartAsync();
        var held = WhenHeld<TaskTrackerSimulator>(host);
        (await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "hang", durationSeconds = 30 })).Dispose();

        var pending = host.Client.GetAsync($"{SimulatorRequests.Tracker}/items");
        await held.WaitAsync(Patience);
        Assert.False(pending.IsCompleted);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var response = await pending.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var stats = await host.Client.StatsAsync(SimulatorRequests.Tracker);
        Assert.Equal(0, stats.GetProperty("requests").GetInt64());
        // Counted when it arrived, 30 s ago: the window (1 s) has let it go since.
        Assert.Equal(1, stats.GetProperty("limits").GetProperty("requests").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Hang_IsReleasedWhenTheOutageIsDeleted()
    {
        await using var host = await SimulatorHost.StartAsync();
        var held = WhenHeld<DocumentExchangeSimulator>(host);
        (await StartOutageAsync(host, SimulatorRequests.Exchange, new { kind = "hang", durationSeconds = 3600 })).Dispose();

        var pending = host.Client.SearchAsync("P1");
        await held.WaitAsync(Patience);
        (await host.Client.DeleteAsync($"{SimulatorRequests.Exchange}/outages")).Dispose();
        using var response = await pending.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Hang_EndsWhenTheClientGivesUp()
    {
        await using var host = await SimulatorHost.StartAsync();
        var held = WhenHeld<TaskTrackerSimulator>(host);
        (await StartOutageAsync(host, SimulatorRequests.Tracker, new { kind = "hang", durationSeconds = 3600 })).Dispose();
        using var giveUp = new CancellationTokenSource();

        var pending = host.Client.GetAsync($"{SimulatorRequests.Tracker}/items", giveUp.Token);
        await held.WaitAsync(Patience);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
    }

    [Theory]
    [InlineData("{\"kind\":\"meltdown\",\"durationSeconds\":5}", "kind")]
    [InlineData("{\"kind\":\"hang\"}", "durationSeconds")]
    [InlineData("{\"kind\":\"hang\",\"durationSeconds\":0}", "durationSeconds")]
    [InlineData("{\"kind\":\"hang\",\"durationSeconds\":5,\"startInSeconds\":-1}", "startInSeconds")]
    [InlineData("{\"kind\":\"hang\",\"durationSeconds\":5,\"startAfterRequests\":0}", "startAfterRequests")]
    [InlineData("{\"kind\":\"hang\",\"durationSeconds\":5,\"startInSeconds\":1,\"startAfterRequests\":3}", "startAfterRequests")]
    public async Task StartOutage_WithBadInput_Is400NamingTheField(string json, string field)
    {
        await using var host = await SimulatorHost.StartAsync();
        using var response = await host.Client.SendRawAsync(HttpMethod.Post, $"{SimulatorRequests.Exchange}/outages", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    private static Task<HttpResponseMessage> StartOutageAsync(SimulatorHost host, string service, object body) =>
        host.Client.SendJsonAsync(HttpMethod.Post, $"{service}/outages", body);

    private static Task WhenHeld<TService>(SimulatorHost host)
        where TService : PatientDocs.Simulators.Gateway.ISimulatedService
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<TService>().Gate.Outages.RequestHeld += (_, _) => held.TrySetResult();
        return held.Task;
    }
}

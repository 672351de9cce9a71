using System.Net;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class DocumentExchangeLimitTests
{
    private static readonly Dictionary<string, string?> ThreeDocuments = new()
    {
        ["Simulators:DocumentExchange:Overrides:P-THREE"] = "3",
    };

    [Fact]
    public async Task Search_EleventhInWindow_Gets429WithRetryAfterAndCountsAViolation()
    {
        await using var host = await SimulatorHost.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            using var accepted = await host.Client.SearchAsync($"P{i}");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(15));
        using var refused = await host.Client.SearchAsync("P10");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("45", refused.Header("Retry-After"));
        Assert.Equal("45000", refused.Header("Retry-After-Ms"));
        var stats = await host.Client.StatsAsync(SimulatorRequests.Exchange);
        Assert.Equal(11, stats.GetProperty("requests").GetInt64());
        Assert.Equal(1, stats.GetProperty("violations").GetInt64());
        Assert.Equal(1, stats.GetProperty("endpoints").GetProperty("search").GetProperty("violations").GetInt64());
        var limit = stats.GetProperty("limits").GetProperty("search+download");
        Assert.Equal(11, limit.GetProperty("maxInWindow").GetInt32());
        Assert.Equal(1, limit.GetProperty("violations").GetInt64());
    }

    [Fact]
    public async Task Search_AfterOldestLeavesWindow_IsAcceptedAndRefusedOnesStillCount()
    {
        await using var host = await SimulatorHost.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            (await host.Client.SearchAsync($"A{i}")).Dispose();
        }

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            (await host.Client.SearchAsync($"B{i}")).Dispose();
        }

        host.Clock.Advance(TimeSpan.FromSeconds(15));
        using var refused = await host.Client.SearchAsync("C");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("15000", refused.Header("Retry-After-Ms"));

        // One tick before the first five expire the window still holds them.
        host.Clock.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        using var early = await host.Client.SearchAsync("D");
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);

        host.Clock.Advance(TimeSpan.FromTicks(1));
        using var accepted = await host.Client.SearchAsync("E");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var limit = (await host.Client.StatsAsync(SimulatorRequests.Exchange)).GetProperty("limits").GetProperty("search+download");
        Assert.Equal(2, limit.GetProperty("violations").GetInt64());
        Assert.Equal(12, limit.GetProperty("maxInWindow").GetInt32());
        // B0..B4, C and D (refused) and E: refused requests occupy the window as a strict service counts them.
        Assert.Equal(8, limit.GetProperty("inWindow").GetInt32());
    }

    [Fact]
    public async Task SearchAndDownload_ShareOneWindow_AndStatusHasItsOwn()
    {
        await using var host = await SimulatorHost.StartAsync(ThreeDocuments);
        var jobId = await host.Client.StartSearchAsync("P-THREE");
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        using (var status = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/{jobId}"))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        for (var i = 0; i < 9; i++)
        {
            using var download = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/archives/{jobId}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }

        using var refused = await host.Client.SearchAsync("P-OTHER");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        using var refusedDownload = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/archives/{jobId}");
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedDownload.StatusCode);
        using var statusStillFine = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, statusStillFine.StatusCode);

        var stats = await host.Client.StatsAsync(SimulatorRequests.Exchange);
        Assert.Equal(2, stats.GetProperty("limits").GetProperty("search+download").GetProperty("violations").GetInt64());
        Assert.Equal(0, stats.GetProperty("limits").GetProperty("status").GetProperty("violations").GetInt64());
        Assert.Equal(10, stats.GetProperty("endpoints").GetProperty("download").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Status_EleventhWithinOneSecond_IsRefusedAndNextSecondAccepted()
    {
        await using var host = await SimulatorHost.StartAsync();
        var jobId = await host.Client.StartSearchAsync("P1");
        for (var i = 0; i < 10; i++)
        {
            (await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/{jobId}")).Dispose();
        }

        using var refused = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Header("Retry-After"));
        Assert.Equal("1000", refused.Header("Retry-After-Ms"));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var accepted = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task TimeScale_DividesThePeriod_AndRetryAfterStaysAtLeastOneSecond()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["PatientDocs:TimeScale"] = "60" });
        for (var i = 0; i < 10; i++)
        {
            (await host.Client.SearchAsync($"P{i}")).Dispose();
        }

        host.Clock.Advance(TimeSpan.FromMilliseconds(400));
        using var refused = await host.Client.SearchAsync("P10");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Header("Retry-After"));
        Assert.Equal("600", refused.Header("Retry-After-Ms"));

        host.Clock.Advance(TimeSpan.FromMilliseconds(600));
        using var accepted = await host.Client.SearchAsync("P11");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var stats = await host.Client.StatsAsync(SimulatorRequests.Exchange);
        Assert.Equal(60, stats.GetProperty("timeScale").GetDouble());
        Assert.Equal(1, stats.GetProperty("limits").GetProperty("search+download").GetProperty("periodSeconds").GetDouble());
    }

    [Fact]
    public async Task Limits_AreConfigurable()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:DocumentExchange:Limits:SearchAndDownload:Permits"] = "2",
            ["Simulators:DocumentExchange:Limits:SearchAndDownload:PeriodSeconds"] = "10",
        });
        (await host.Client.SearchAsync("P1")).Dispose();
        (await host.Client.SearchAsync("P2")).Dispose();
        using var refused = await host.Client.SearchAsync("P3");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("10", refused.Header("Retry-After"));
    }
}

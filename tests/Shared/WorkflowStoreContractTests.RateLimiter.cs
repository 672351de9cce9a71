using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>Permits taken outside any task, the durable limits as a .NET rate limiter over them, and the claim's warm-up.</summary>
public abstract partial class WorkflowStoreContractTests
{
    private const string Calls = "Exchange.Calls";
    private const string Ahead = "Exchange.Ahead";

    [StoreFact]
    public async Task AcquirePermits_TakesAllOrNone_AtOneGrantTime_CountedWithTheTasks()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "q", T0), Task("t1", "q", T0.AddMilliseconds(1))]);
        var limit = new RateLimitSpec("service", 3, TimeSpan.FromSeconds(10), Hold: TimeSpan.Zero);
        var start = T0.AddSeconds(1);

        var two = await Store.AcquirePermitsAsync(Permits("h1", limit, 2, start));
        var twoMore = await Store.AcquirePermitsAsync(Permits("h2", limit, 2, start.AddSeconds(1)));
        var claim = await Store.ClaimTasksAsync(Claim(start.AddSeconds(2), "node-a", 5, "q") with { Limit = limit });
        var check = await Store.AcquirePermitsAsync(Permits("h3", limit, 0, start.AddSeconds(3)));

        Assert.Equal(new PermitAcquisition(start, null), two);
        // Two fit only once both of h1's have left the window; none were taken meanwhile.
        Assert.Equal(new PermitAcquisition(null, start.AddSeconds(10)), twoMore);
        Assert.Equal(["t0"], claim.Tasks.Select(t => t.Id));
        Assert.Equal(start.AddSeconds(10), claim.NextPermitAt);
        Assert.Equal(new PermitAcquisition(null, start.AddSeconds(10)), check);
        Assert.Equal([start, start, start.AddSeconds(2)], await Store.ListGrantsAsync("service", start.AddSeconds(3), TimeSpan.FromSeconds(10)));
    }

    [StoreFact]
    public async Task ReleasePermit_OfAHolder_StartsTheWindowOfAllItsPermitsAtTheAnswer()
    {
        var limit = new RateLimitSpec("service", 2, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));
        var start = T0.AddSeconds(1);

        Assert.Equal(start, (await Store.AcquirePermitsAsync(Permits("h1", limit, 2, start))).GrantedAt);
        var whileHeld = await Store.AcquirePermitsAsync(Permits("h2", limit, 2, start.AddSeconds(5)));
        await Store.ReleasePermitAsync("h1", start, start.AddSeconds(3));
        var beforeWindowEnds = await Store.AcquirePermitsAsync(Permits("h2", limit, 2, start.AddSeconds(12)));
        var windowAfterAnswer = await Store.AcquirePermitsAsync(Permits("h2", limit, 2, start.AddSeconds(13)));

        Assert.Equal(new PermitAcquisition(null, start.AddSeconds(40)), whileHeld);
        Assert.Equal(new PermitAcquisition(null, start.AddSeconds(13)), beforeWindowEnds);
        Assert.Equal(new PermitAcquisition(start.AddSeconds(13), null), windowAfterAnswer);
    }

    [StoreFact]
    public async Task RateLimiter_AttemptAcquire_SharesTheWindowWithTheWorkflowsClaims()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "q", T0), Task("t1", "q", T0.AddMilliseconds(1))]);
        var (limiter, clock, catalog) = Limiter(Store);
        var spec = catalog.Limits[Calls].ToSpec();

        var claimed = await Store.ClaimTasksAsync(Claim(clock.GetUtcNow(), "node-a", 1, "q") with { Limit = spec });
        using var lease = limiter.AttemptAcquire(Calls);
        using var refused = limiter.AttemptAcquire(Calls);
        var blockedClaim = await Store.ClaimTasksAsync(Claim(clock.GetUtcNow(), "node-a", 1, "q") with { Limit = spec });

        Assert.Single(claimed.Tasks);
        Assert.True(lease.IsAcquired);
        Assert.False(refused.IsAcquired);
        // Both permits are held for 30 s, then count for a 10 s window.
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
        Assert.Empty(blockedClaim.Tasks);
        Assert.Equal(clock.GetUtcNow().AddSeconds(40), blockedClaim.NextPermitAt);
        var statistics = limiter.GetStatistics(Calls)!;
        Assert.Equal((1L, 1L, 0L), (statistics.TotalSuccessfulLeases, statistics.TotalFailedLeases, statistics.CurrentQueuedCount));
    }

    [StoreFact]
    public void RateLimiter_DisposingALease_CountsItsPermitsFromTheAnswer()
    {
        var (limiter, clock, _) = Limiter(Store);
        var start = clock.GetUtcNow();

        var lease = limiter.AttemptAcquire(Calls, permitCount: 2);
        clock.Advance(TimeSpan.FromSeconds(3));
        lease.Dispose();
        clock.SetUtcNow(start.AddSeconds(13).AddMilliseconds(-1));
        using var early = limiter.AttemptAcquire(Calls);
        clock.SetUtcNow(start.AddSeconds(13));
        using var afterWindow = limiter.AttemptAcquire(Calls, permitCount: 2);

        Assert.True(lease.IsAcquired);
        Assert.False(early.IsAcquired);
        Assert.True(early.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(1), retryAfter);
        Assert.True(afterWindow.IsAcquired);
    }

    [StoreFact]
    public async Task RateLimiter_AcquireAsync_WaitsUntilThePermitsFreeUp()
    {
        var (limiter, clock, _) = Limiter(Store);
        var start = clock.GetUtcNow();
        using (await limiter.AcquireAsync(Calls, permitCount: 2))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var waiting = clock.WhenAnyTimerCreated();
        var acquiring = limiter.AcquireAsync(Calls).AsTask();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(acquiring.IsCompleted);
        Assert.Equal(1, limiter.GetStatistics(Calls)!.CurrentQueuedCount);
        clock.SetUtcNow(start.AddSeconds(11));
        using var lease = await acquiring.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(lease.IsAcquired);
        Assert.Equal([start.AddSeconds(11)], await Store.ListGrantsAsync(Calls, start.AddSeconds(11), TimeSpan.FromSeconds(1)));
        Assert.Equal(0, limiter.GetStatistics(Calls)!.CurrentQueuedCount);
    }

    [StoreFact]
    public async Task RateLimiter_AcquireAsync_WithinTheLookahead_IsGrantedAhead_AndReturnsAtTheGrant()
    {
        var (limiter, clock, _) = Limiter(Store);
        var start = clock.GetUtcNow();
        using (await limiter.AcquireAsync(Ahead))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        clock.SetUtcNow(start.AddSeconds(9));
        var waiting = clock.WhenAnyTimerCreated();
        var acquiring = limiter.AcquireAsync(Ahead).AsTask();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var grants = await Store.ListGrantsAsync(Ahead, start.AddSeconds(11), TimeSpan.FromSeconds(20));
        Assert.False(acquiring.IsCompleted);
        clock.SetUtcNow(start.AddSeconds(11));
        using var lease = await acquiring.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(lease.IsAcquired);
        Assert.Equal([start, start.AddSeconds(11)], grants);
    }

    [StoreFact]
    public void RateLimiter_OnASecondNode_CountsTheFirstNodesLeases()
    {
        var (first, clock, catalog) = Limiter(Store);
        var second = new DurableRateLimiter(CreateSecondNode(), catalog, clock);

        using var lease = first.AttemptAcquire(Calls, permitCount: 2);
        using var refused = second.AttemptAcquire(Calls);

        Assert.True(lease.IsAcquired);
        Assert.False(refused.IsAcquired);
    }

    [StoreFact]
    public async Task RateLimiter_AnUnknownLimitOrMorePermitsThanItHas_IsRefusedWithTheReason()
    {
        var (limiter, _, _) = Limiter(Store);

        var unknown = Assert.Throws<ArgumentException>(() => limiter.AttemptAcquire("Exchange.Missing"));
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(Calls, permitCount: 3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await limiter.AcquireAsync(Calls, permitCount: 3));

        Assert.Contains("'Exchange.Missing'", unknown.Message);
        Assert.Contains("Exchange.Ahead, Exchange.Calls", unknown.Message);
    }

    private static PermitRequest Permits(string holder, RateLimitSpec limit, int count, DateTimeOffset now) =>
        new() { Holder = holder, Limit = limit, Count = count, Now = now };

    /// <summary>The start-up warm-up of the task claim runs the claim's code and statements, and takes nothing.</summary>
    [StoreFact]
    public async Task StoreWarmUp_WithReadyTasksOnALimitedQueue_ClaimsNothingAndGrantsNoPermit()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "calls", T0), Task("t1", "calls", T0.AddMilliseconds(1))]);
        var services = new TaskServicesOptions();
        services.Services["Exchange"] = new TaskServiceOptions
        {
            Limits = { ["Calls"] = new RateLimitOptions { Permits = 1, Period = TimeSpan.FromSeconds(10), Guard = TimeSpan.Zero, Drift = 0, Hold = TimeSpan.Zero, MinimumHold = TimeSpan.Zero } },
            Queues = { ["calls"] = new QueueOptions { Limit = "Calls" } },
        };
        var catalog = new TaskQueueCatalog(services);
        var clock = new TimerWatchingTimeProvider();
        clock.SetUtcNow(T0.AddSeconds(1));
        var limit = Assert.Single(catalog.Groups, g => g.Limit is not null).Limit!;

        await StoreWarmUp.RunAsync(Store, catalog, new RuntimeOptions { NodeId = "node-a" }, clock, CancellationToken.None);

        foreach (var id in (string[])["t0", "t1"])
        {
            Assert.Equal(TaskState.Pending, (await Store.FindTaskAsync(id))!.State);
        }

        Assert.Empty(await Store.ListGrantsAsync(limit.Name, clock.GetUtcNow(), limit.Window));
        // The window is whole: the first real claim is granted at once.
        var claim = await Store.ClaimTasksAsync(Claim(clock.GetUtcNow(), "node-a", 1, "calls") with { Limit = limit.ToSpec() });
        Assert.Equal(["t0"], claim.Tasks.Select(t => t.Id));
    }

    /// <summary>Two permits per 10 s, each held up to 30 s; <c>Ahead</c> one per 10 s with a 2 s lookahead.</summary>
    private static (DurableRateLimiter Limiter, TimerWatchingTimeProvider Clock, TaskQueueCatalog Catalog) Limiter(IWorkflowStore store)
    {
        var services = new TaskServicesOptions();
        services.Services["Exchange"] = new TaskServiceOptions
        {
            Limits =
            {
                ["Calls"] = new RateLimitOptions { Permits = 2, Period = TimeSpan.FromSeconds(10), Guard = TimeSpan.Zero, Drift = 0, Hold = TimeSpan.FromSeconds(30), Lookahead = TimeSpan.Zero },
                ["Ahead"] = new RateLimitOptions { Permits = 1, Period = TimeSpan.FromSeconds(10), Guard = TimeSpan.Zero, Drift = 0, Hold = TimeSpan.Zero, MinimumHold = TimeSpan.Zero, Lookahead = TimeSpan.FromSeconds(2) },
            },
        };
        var catalog = new TaskQueueCatalog(services);
        var clock = new TimerWatchingTimeProvider();
        clock.SetUtcNow(T0.AddSeconds(1));
        return (new DurableRateLimiter(store, catalog, clock), clock, catalog);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>
/// Several nodes on one PostgreSQL whose clocks disagree: every time a limit window counts is the database's, and what a
/// node is handed back is in its own clock. Runs in real time (the database's clock cannot be driven), a few seconds.
/// </summary>
[RequiresPostgres]
public sealed class PostgresLimitClockTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly List<ServiceProvider> providers = [];

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        var first = Node(TimeProvider.System);
        await first.GetRequiredService<StoreMigrator>().MigrateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var truncate = new NpgsqlCommand("TRUNCATE instances, bookmarks, work_items, tasks, task_groups, rate_limits, rate_limit_grants", connection);
        await truncate.ExecuteNonQueryAsync();
    }

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }

    [StoreFact]
    public async System.Threading.Tasks.Task Claim_ByANodeAnHourAhead_StoresTheWindowInDatabaseTime_AndHandsItTimesInItsOwnClock()
    {
        var ahead = new OffsetTimeProvider(TimeSpan.FromHours(1));
        var (nodeAhead, nodeOnTime) = (Store(ahead), Store(TimeProvider.System));
        await SeedAsync(nodeAhead, 3);
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));

        var before = ahead.GetUtcNow();
        var first = await nodeAhead.ClaimTasksAsync(ClaimAt(ahead, "node-ahead", limit));
        var after = ahead.GetUtcNow();
        var granted = Assert.Single(first.Tasks).PermitGrantedAt!.Value;
        var blocked = await nodeOnTime.ClaimTasksAsync(ClaimAt(TimeProvider.System, "node-on-time", limit));
        var heldUntil = await GrantColumnAsync("held_until");
        var releasing = DateTimeOffset.UtcNow;
        await nodeAhead.ReleasePermitAsync(first.Tasks[0].Id, granted, ahead.GetUtcNow());
        var releasedAt = await GrantColumnAsync("released_at");
        var afterRelease = await nodeOnTime.ClaimTasksAsync(ClaimAt(TimeProvider.System, "node-on-time", limit));
        var realNow = DateTimeOffset.UtcNow;

        // The node is handed its grant in its own clock, and the window's times are the database's, not its own.
        Assert.InRange(granted, before, after.AddMilliseconds(1));
        Assert.InRange(heldUntil, realNow.AddSeconds(25), realNow.AddSeconds(31));
        // Bounded by real readings on both sides of the release, so a slow machine cannot push the times out of range; the
        // 5 ms allow for the store's whole milliseconds (a wake-up once came 0.12 ms after the reading taken after it).
        Assert.InRange(releasedAt, releasing.AddMilliseconds(-5), realNow.AddMilliseconds(5));
        // The node on time sees the window the other node filled, translated into its clock.
        Assert.Empty(blocked.Tasks);
        Assert.InRange(blocked.NextPermitAt!.Value, realNow.AddSeconds(35), realNow.AddSeconds(41));
        Assert.Empty(afterRelease.Tasks);
        Assert.InRange(afterRelease.NextPermitAt!.Value, releasing.AddSeconds(10).AddMilliseconds(-5), realNow.AddSeconds(10).AddMilliseconds(5));
    }

    [StoreFact]
    public async System.Threading.Tasks.Task ReleasePermit_ReachingTheDatabaseLate_CountsFromTheAnswerInDatabaseTime()
    {
        var ahead = new OffsetTimeProvider(TimeSpan.FromHours(1));
        var node = Store(ahead);
        await SeedAsync(node, 1);
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));
        var task = Assert.Single((await node.ClaimTasksAsync(ClaimAt(ahead, "node-ahead", limit))).Tasks);

        // The answer came 3 s before the release reached the store (a busy thread pool, a slow connection).
        await node.ReleasePermitAsync(task.Id, task.PermitGrantedAt!.Value, ahead.GetUtcNow().AddSeconds(-3));
        var releasedAt = await GrantColumnAsync("released_at");
        var realNow = DateTimeOffset.UtcNow;

        Assert.InRange(releasedAt, realNow.AddSeconds(-5), realNow.AddSeconds(-2.9));
    }

    [StoreFact]
    public async System.Threading.Tasks.Task Claim_ThatWaitedForTheLimitsLock_IsHandedItsLookaheadGrantWithoutTheWait()
    {
        var node = Store(TimeProvider.System);
        await SeedAsync(node, 2);
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(2), Hold: TimeSpan.Zero, Lookahead: TimeSpan.FromSeconds(5));
        var first = Assert.Single((await node.ClaimTasksAsync(ClaimAt(TimeProvider.System, "node-a", limit) with { MaxTasks = 1 })).Tasks);

        // Another claimer of the limit holds its row for 1.5 s while this one asks for the next permit.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var holder = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM rate_limits WHERE name = 'service' FOR UPDATE", connection, holder))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var second = node.ClaimTasksAsync(ClaimAt(TimeProvider.System, "node-a", limit) with { MaxTasks = 1 });
        await WaitForALockWaiterAsync();
        await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(1.5));
        await holder.CommitAsync();
        var granted = Assert.Single((await second).Tasks).PermitGrantedAt!.Value;

        // The permit frees up one window after the first grant (each time rounded to a whole millisecond); a reading taken
        // before the wait handed it 1.5 s later.
        Assert.InRange(granted - first.PermitGrantedAt!.Value, TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(2), TimeSpan.FromSeconds(2.5));
    }

    /// <summary>Until a backend of this database waits for a row lock (the claim behind the held rate-limit row).</summary>
    private async System.Threading.Tasks.Task WaitForALockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((long)(await waiting.ExecuteScalarAsync(deadline.Token))! == 0)
        {
            await System.Threading.Tasks.Task.Yield();
        }
    }

    [StoreFact]
    public System.Threading.Tasks.Task TwoNodes_OneFiveSecondsAhead_ClaimingOneLimit_NeverSendMoreThanItAllowsInAnyWindow() => TwoSkewedNodesAsync(5);

    [StoreFact]
    public System.Threading.Tasks.Task TwoNodes_OneFiveSecondsBehind_ClaimingOneLimit_NeverSendMoreThanItAllowsInAnyWindow() => TwoSkewedNodesAsync(-5);

    private async System.Threading.Tasks.Task TwoSkewedNodesAsync(int skewSeconds)
    {
        const int Tasks = 30;
        var limit = new RateLimitSpec("service", 3, TimeSpan.FromMilliseconds(300), Hold: TimeSpan.FromSeconds(2), Lookahead: TimeSpan.FromMilliseconds(50));
        var skewed = new OffsetTimeProvider(TimeSpan.FromSeconds(skewSeconds));
        var nodes = new[] { (Name: "node-on-time", Store: Store(TimeProvider.System), Clock: TimeProvider.System), (Name: "node-skewed", Store: Store(skewed), Clock: (TimeProvider)skewed) };
        await SeedAsync(nodes[0].Store, Tasks);
        // The node whose clock is behind claims first: with each node's own clock the one ahead would find that window over.
        var behind = skewSeconds > 0 ? nodes[0] : nodes[1];
        var aheadNode = skewSeconds > 0 ? nodes[1] : nodes[0];
        var sends = new ConcurrentBag<(string Node, string TaskId, DateTimeOffset At)>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var firstClaimed = new TaskCompletionSource();
        var runBehind = RunNodeAsync(behind.Name, behind.Store, behind.Clock, limit, sends, Tasks, firstClaimed, deadline.Token);
        await firstClaimed.Task.WaitAsync(deadline.Token);
        var runAhead = RunNodeAsync(aheadNode.Name, aheadNode.Store, aheadNode.Clock, limit, sends, Tasks, null, deadline.Token);
        await System.Threading.Tasks.Task.WhenAll(runBehind, runAhead);

        // Sends are stamped on the real clock, the one a service would count them by.
        var sent = sends.ToList();
        Assert.Equal(Tasks, sent.Count);
        Assert.Equal(Tasks, sent.Select(s => s.TaskId).Distinct().Count());
        Assert.True(MaxInAnyWindow(sent.Select(s => s.At).ToList(), limit.Window) <= limit.Permits,
            $"more than {limit.Permits} sends in one window: {string.Join(", ", sent.OrderBy(s => s.At).Select(s => $"{s.Node} {s.At:HH:mm:ss.fff}"))}");
    }

    /// <summary>
    /// What the task worker does with each claim: wait in its own clock until the grant, send unless the hold has passed,
    /// take the answer (released at once), complete; and when the window is full, look again when the store says.
    /// </summary>
    private static async System.Threading.Tasks.Task RunNodeAsync(
        string owner, IWorkflowStore store, TimeProvider clock, RateLimitSpec limit, ConcurrentBag<(string, string, DateTimeOffset)> sends, int total,
        TaskCompletionSource? firstClaimed, CancellationToken cancellationToken)
    {
        while (sends.Count < total)
        {
            var result = await store.ClaimTasksAsync(ClaimAt(clock, owner, limit), cancellationToken);
            firstClaimed?.TrySetResult();
            foreach (var task in result.Tasks)
            {
                var grantedAt = task.PermitGrantedAt!.Value;
                // A timer may fire up to a millisecond before the clock reads its due time: look again, as the task worker does.
                while (grantedAt - clock.GetUtcNow() is { Ticks: > 0 } wait)
                {
                    await System.Threading.Tasks.Task.Delay(wait, clock, cancellationToken);
                }

                var resolution = TaskResolution.Rescheduled;
                if (clock.GetUtcNow() < grantedAt + limit.Hold)
                {
                    sends.Add((owner, task.Id, TimeProvider.System.GetUtcNow()));
                    await store.ReleasePermitAsync(task.Id, grantedAt, clock.GetUtcNow(), cancellationToken);
                    resolution = TaskResolution.Completed;
                }

                var now = clock.GetUtcNow();
                Assert.True(await store.CompleteTaskAsync(
                    new TaskCompletion { TaskId = task.Id, Owner = owner, Resolution = resolution, Now = now, NotBefore = now, PermitReleasedAt = now },
                    cancellationToken));
            }

            if (result.Tasks.Count == 0)
            {
                var next = result.NextPermitAt ?? clock.GetUtcNow().AddMilliseconds(20);
                var wait = next - clock.GetUtcNow();
                await System.Threading.Tasks.Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : wait,
                    clock, cancellationToken);
            }
        }
    }

    private static ClaimRequest ClaimAt(TimeProvider clock, string owner, RateLimitSpec limit) => new()
    {
        Queues = ["q"],
        Owner = owner,
        Now = clock.GetUtcNow(),
        LeaseDuration = TimeSpan.FromHours(1),
        MaxTasks = 2,
        Limit = limit,
        Clock = clock,
    };

    /// <summary>A node's store: its clock is the one its task worker would measure with.</summary>
    private IWorkflowStore Store(TimeProvider clock) => Node(clock).GetRequiredService<IWorkflowStore>();

    private ServiceProvider Node(TimeProvider clock)
    {
        var provider = new ServiceCollection()
            .AddSingleton(clock)
            .AddPatientDocsPersistence(new StoreOptions { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString })
            .BuildServiceProvider();
        providers.Add(provider);
        return provider;
    }

    /// <summary>Tasks enter the store through a burst, as the engine enqueues them; ready a minute ago on every clock here.</summary>
    private static async System.Threading.Tasks.Task SeedAsync(IWorkflowStore store, int count)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var instanceId = "i-clock";
        await store.CreateInstancesAsync([Instance(instanceId, at)], [WorkItem("w-clock", instanceId, at)]);
        var leased = Assert.Single(await store.LeaseRunnableInstancesAsync("seeder", at, TimeSpan.FromMinutes(5), 10));
        var tasks = Enumerable.Range(0, count).Select(n => Task($"t{n:00}", "q", at.AddMilliseconds(n), instanceId: instanceId) with { NotBefore = at }).ToList();
        await store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Suspended },
            LeaseOwner = "seeder",
            ConsumedWorkItemIds = leased.WorkItems.Select(w => w.Id).ToList(),
            NewTasks = tasks,
            NewBookmarks = tasks.Select(t => new BookmarkRecord
            {
                Id = t.BookmarkId!,
                InstanceId = instanceId,
                ActivityId = t.ActivityId,
                Kind = BookmarkKind.Task,
                Name = t.Id,
                CreatedAt = at,
            }).ToList(),
        });
    }

    private async Task<DateTimeOffset> GrantColumnAsync(string column)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {column} FROM rate_limit_grants", connection);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(await command.ExecuteScalarAsync())!);
    }
}

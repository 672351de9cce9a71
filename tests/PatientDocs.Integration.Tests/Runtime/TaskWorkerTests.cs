using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>The task worker's claims, retries, breaker, fan-out and leases on a manual clock; one subclass per store.</summary>
public abstract class TaskWorkerTests : OnEachStore
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private Task<TaskHarness> HarnessAsync(TaskServicesOptions services) => TaskHarness.CreateAsync(Store, services);

    // No lookahead unless a test asks: a task claimed ahead waits on the manual clock, which PumpAsync does not advance.
    private static TaskServicesOptions DocumentExchange(int permits = 10, TimeSpan? period = null, int slots = 4, RetryOptions? retry = null, BreakerOptions? breaker = null, TimeSpan? lookahead = null) => new()
    {
        Services =
        {
            ["DocumentExchange"] = new TaskServiceOptions
            {
                Limits = { ["SearchAndDownload"] = new RateLimitOptions { Permits = permits, Period = period ?? TimeSpan.FromSeconds(1), Guard = TimeSpan.FromMilliseconds(50), Drift = 0, Lookahead = lookahead ?? TimeSpan.Zero } },
                Queues =
                {
                    ["docex-search"] = new QueueOptions { Limit = "SearchAndDownload", Slots = slots },
                    ["docex-download"] = new QueueOptions { Limit = "SearchAndDownload", Slots = slots },
                },
                Retry = retry ?? new RetryOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(5), Multiplier = 2, Jitter = 0, Deadline = TimeSpan.FromHours(6) },
                Breaker = breaker ?? new BreakerOptions { FailureThreshold = 0 },
            },
        },
    };

    [StoreFact]
    public async Task SharedLimit_NeverHoldsMoreThanLimitInAnyWindow_AndReachesFullRate()
    {
        var harness = await HarnessAsync(DocumentExchange(permits: 10, slots: 20));
        for (var i = 0; i < 100; i++)
        {
            await harness.EnqueueAsync(i % 2 == 0 ? "docex-search" : "docex-download");
        }

        var start = harness.Clock.GetUtcNow();
        await harness.RunUntilDoneAsync();

        var sent = harness.Probe.Calls.Select(c => c.At).Order().ToList();
        Assert.Equal(100, sent.Count);
        var worstWindow = sent.Max(t => sent.Count(s => s >= t && s < t + TimeSpan.FromMilliseconds(1050)));
        Assert.Equal(10, worstWindow);

        // Ten batches of ten, one window (period + guard) apart: the full rate the rule allows.
        Assert.Equal(TimeSpan.FromMilliseconds(9450), sent[^1] - start);
    }

    [StoreFact]
    public async Task Lookahead_ClaimsATaskBeforeItsPermitFreesUp_ButRunsItOnlyAtThePermitsTime()
    {
        var harness = await HarnessAsync(DocumentExchange(permits: 2, lookahead: TimeSpan.FromMilliseconds(200)));
        for (var i = 0; i < 3; i++)
        {
            await harness.EnqueueAsync("docex-search");
        }

        var t0 = harness.Clock.GetUtcNow();
        await harness.PumpAsync();
        var next = await harness.Worker.RunOnceAsync();

        // Two permits used at t0 and released at once: the third frees up one window (1.05 s) later, claimable 0.2 s before.
        Assert.Equal(t0.AddMilliseconds(850), next);
        harness.Clock.SetUtcNow(t0.AddMilliseconds(850));
        await harness.Worker.RunOnceAsync();
        var claimed = Assert.Single(await harness.Store.ListTasksAsync(TaskHarness.InstanceId), t => t.State == TaskState.Running);
        Assert.Equal(t0.AddMilliseconds(1050), claimed.PermitGrantedAt);
        harness.Clock.SetUtcNow(t0.AddMilliseconds(1050));
        await harness.Worker.WhenIdleAsync();

        Assert.Equal([t0, t0, t0.AddMilliseconds(1050)], harness.Probe.Calls.Select(c => c.At).ToArray());
    }

    [StoreFact]
    public async Task FullWindow_IsNotClaimedAgainBeforeItsNextPermit_UnlessThisNodeReleasesOne()
    {
        var harness = await HarnessAsync(DocumentExchange(permits: 1, period: TimeSpan.FromMinutes(1)));
        var (store, counter) = CountingStore.Wrap(harness.Store);
        var worker = harness.CreateWorker("node-a", store);
        for (var i = 0; i < 3; i++)
        {
            await harness.EnqueueAsync("docex-search");
        }

        var t0 = harness.Clock.GetUtcNow();
        await worker.RunOnceAsync();
        await worker.WhenIdleAsync();
        Assert.Equal(1, counter.CountOf(nameof(IWorkflowStore.ClaimTasksAsync)));

        // The first task's permit was released since that claim: the window is asked again, and found full.
        var afterRelease = await worker.RunOnceAsync();
        Assert.Equal(2, counter.CountOf(nameof(IWorkflowStore.ClaimTasksAsync)));

        // Wake-ups that change nothing for the window (new tasks, other groups) do not go to the store for it.
        var woken = await worker.RunOnceAsync();
        await worker.RunOnceAsync();
        Assert.Equal(2, counter.CountOf(nameof(IWorkflowStore.ClaimTasksAsync)));
        Assert.Equal(t0.AddMinutes(1).AddMilliseconds(50), afterRelease);
        Assert.Equal(afterRelease, woken);

        // Other nodes' releases may free a permit sooner: after the poll interval the window is asked again.
        harness.Clock.SetUtcNow(t0.AddSeconds(1));
        await worker.RunOnceAsync();
        Assert.Equal(3, counter.CountOf(nameof(IWorkflowStore.ClaimTasksAsync)));
        Assert.Single(harness.Probe.Calls);
    }

    [StoreFact]
    public async Task AGroupWhoseSlotsFreeUpDuringItsClaims_TakesTurnsWithARateLimitedGroup()
    {
        // Listed first, as a module registers its database before its services: the order a pass visits groups in.
        var services = DocumentExchange();
        var documentExchange = services.Services["DocumentExchange"];
        services.Services.Clear();
        services.Services["Database"] = new TaskServiceOptions { Queues = { ["database"] = new QueueOptions { Slots = 4 } } };
        services.Services["DocumentExchange"] = documentExchange;
        var harness = await HarnessAsync(services);
        for (var i = 0; i < 4; i++)
        {
            await harness.EnqueueAsync("database");
        }

        await harness.EnqueueAsync("docex-search");

        // Other work on the node holds three of the database's four slots and lets one go at every database claim, so
        // that group finds a slot free again after each of its claims, as quick reads do while a bulk start commits.
        var outside = new Stack<IDisposable>();
        for (var i = 0; i < 3; i++)
        {
            outside.Push(await harness.Capacity.Slots("database").AcquireAsync(1));
        }

        var (store, gate) = ClaimGateStore.Wrap(harness.Store);
        var worker = harness.CreateWorker("node-a", store, harness.Capacity);
        gate.BeforeClaim = request =>
        {
            if (request.Queues.Contains("database") && outside.TryPop(out var held))
            {
                held.Dispose();
            }

            return Task.CompletedTask;
        };

        await worker.RunOnceAsync();
        await worker.WhenIdleAsync();

        Assert.Equal(["database", "docex-search"], gate.Claims.Take(2));
        Assert.Equal(5, harness.Probe.Calls.Count);
    }

    [StoreFact]
    public async Task EmptyQueues_AreNotClaimed_ButTheirNextRetryIsWhenToLookAgain()
    {
        var harness = await HarnessAsync(DocumentExchange());
        var (store, counter) = CountingStore.Wrap(harness.Store);
        var worker = harness.CreateWorker("node-a", store);
        var t0 = harness.Clock.GetUtcNow();

        Assert.Null(await worker.RunOnceAsync());
        Assert.Equal(0, counter.CountOf(nameof(IWorkflowStore.ClaimTasksAsync)));

        harness.Probe.Behaviour = (_, _) => TaskOutcome.Transient("down");
        await harness.EnqueueAsync("docex-search");
        await worker.RunOnceAsync();
        await worker.WhenIdleAsync();
        var next = await worker.RunOnceAsync();

        // The only task waits for its retry 5 s out: no claim until then, and that is when to look again.
        Assert.Equal(1, counter.CountOf(nameof(IWorkflowStore.ClaimTasksAsync)));
        Assert.Equal(t0.AddSeconds(5), next);
    }

    [StoreFact]
    public async Task SharedLimit_CountsGrantsOfBothQueues_InOneLog()
    {
        var harness = await HarnessAsync(DocumentExchange(permits: 3));
        await harness.EnqueueAsync("docex-search");
        await harness.EnqueueAsync("docex-download");
        await harness.EnqueueAsync("docex-search");
        await harness.EnqueueAsync("docex-download");

        var next = await harness.PumpAsync();

        Assert.Equal(3, harness.Probe.Calls.Count);
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1050), next);
        var grants = await harness.Store.ListGrantsAsync("DocumentExchange.SearchAndDownload", harness.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(1050));
        Assert.Equal(3, grants.Count);
    }

    [StoreFact]
    public async Task Claim_PrefersHigherPriority_ThenFifo_AcrossQueuesSharingALimit()
    {
        var harness = await HarnessAsync(DocumentExchange(permits: 1));
        await harness.EnqueueAsync("docex-search", text: "search-1");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.EnqueueAsync("docex-search", text: "search-2");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.EnqueueAsync("docex-download", priority: 10, text: "download-1");

        await harness.RunUntilDoneAsync();

        Assert.Equal(["download-1", "search-1", "search-2"], harness.Probe.Calls.Select(c => c.Text ?? "").ToArray());
    }

    [StoreFact]
    public async Task Transient_RetriesWithExponentialBackoff_HonouringALongerRetryAfter()
    {
        var harness = await HarnessAsync(DocumentExchange());
        harness.Probe.Behaviour = (context, _) => context.Attempt switch
        {
            1 => TaskOutcome.Transient("503"),
            2 => TaskOutcome.Transient("429", retryAfter: TimeSpan.FromSeconds(30)),
            3 => TaskOutcome.Transient("429", retryAfter: TimeSpan.FromSeconds(1)),
            _ => TaskOutcome.Completed(),
        };
        var task = await harness.EnqueueAsync("docex-search", text: "x");
        var start = harness.Clock.GetUtcNow();

        await harness.RunUntilDoneAsync();

        // Backoff 5 s, then max(10 s, Retry-After 30 s), then max(20 s, 1 s).
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(55)],
            harness.Probe.Calls.Select(c => c.At - start).ToArray());
        Assert.Equal([1, 2, 3, 4], harness.Probe.Calls.Select(c => c.Attempt).ToArray());
        var done = await harness.Store.FindTaskAsync(task.Id);
        Assert.Equal(TaskState.Completed, done!.State);
        Assert.Equal(4, done.Attempts);
        var resume = Assert.Single(await harness.WorkItemsAsync());
        Assert.Equal(task.BookmarkId, resume.BookmarkId);
        var payload = JsonSerializer.Deserialize<TaskResumePayload>(resume.Payload!, Web)!;
        Assert.True(payload.Succeeded);
        Assert.Equal("echo:x", payload.Outputs!["echo"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Transient_PastTheDeadline_FailsTheTask_AndResumesWithTheFailure()
    {
        var retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(1), Multiplier = 2, Jitter = 0, Deadline = TimeSpan.FromSeconds(12) };
        var harness = await HarnessAsync(DocumentExchange(retry: retry));
        harness.Probe.Behaviour = (_, _) => TaskOutcome.Transient("connection refused");
        var task = await harness.EnqueueAsync("docex-search");

        await harness.RunUntilDoneAsync();

        // Attempts at 0 s and 5 s; the next (at 15 s) would pass the 12 s deadline.
        Assert.Equal(2, harness.Probe.Calls.Count);
        var failed = await harness.Store.FindTaskAsync(task.Id);
        Assert.Equal(TaskState.Failed, failed!.State);
        var payload = JsonSerializer.Deserialize<TaskResumePayload>(Assert.Single(await harness.WorkItemsAsync()).Payload!, Web)!;
        Assert.False(payload.Succeeded);
        Assert.Equal("Gave up after 2 attempts at the retry deadline: connection refused", payload.Error);
    }

    [StoreFact]
    public async Task Permanent_FailsAtOnce_WithoutRetrying()
    {
        var harness = await HarnessAsync(DocumentExchange());
        harness.Probe.Behaviour = (_, _) => TaskOutcome.Permanent("404 patient unknown");
        var task = await harness.EnqueueAsync("docex-search");

        await harness.RunUntilDoneAsync();

        Assert.Single(harness.Probe.Calls);
        Assert.Equal(TaskState.Failed, (await harness.Store.FindTaskAsync(task.Id))!.State);
        Assert.Equal(["Started", "Faulted"], harness.Events.Select(e => e.Phase).ToArray());
        Assert.Equal(task.Input, harness.Events[0].Arguments);
    }

    [StoreFact]
    public async Task RunAgainAfter_RunsAgainAtTheDelay_WithoutCountingAnAttempt()
    {
        var harness = await HarnessAsync(DocumentExchange());
        var polls = 0;
        harness.Probe.Behaviour = (_, _) => ++polls < 3 ? TaskOutcome.RunAgainAfter(TimeSpan.FromSeconds(2)) : TaskOutcome.Completed();
        var task = await harness.EnqueueAsync("docex-search");
        var start = harness.Clock.GetUtcNow();

        await harness.RunUntilDoneAsync();

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], harness.Probe.Calls.Select(c => c.At - start).ToArray());
        Assert.Equal([1, 1, 1], harness.Probe.Calls.Select(c => c.Attempt).ToArray());
        Assert.Equal(1, (await harness.Store.FindTaskAsync(task.Id))!.Attempts);
    }

    [StoreFact]
    public async Task Breaker_OpensAfterThreshold_ProbesOncePerInterval_AndClosesOnSuccess()
    {
        var retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Multiplier = 1, Jitter = 0, Deadline = TimeSpan.FromHours(1) };
        var harness = await HarnessAsync(DocumentExchange(permits: 100, slots: 5, retry: retry, breaker: new BreakerOptions { FailureThreshold = 3, ProbeInterval = TimeSpan.FromSeconds(30) }));
        var healthy = false;
        harness.Probe.Behaviour = (_, _) => healthy ? TaskOutcome.Completed() : TaskOutcome.Transient("503");
        for (var i = 0; i < 5; i++)
        {
            await harness.EnqueueAsync("docex-search");
        }

        // All five fail in one claim (as many slots as tasks), so no task can slip in between the third failure and the breaker.
        await harness.PumpAsync();
        Assert.Equal(5, harness.Probe.Calls.Count);

        // Open: the retries due after 1 s are not claimed, so no permit is burnt.
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await harness.PumpAsync();
        Assert.Equal(5, harness.Probe.Calls.Count);
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromSeconds(29), next);

        // One probe per interval; it fails and re-opens the breaker.
        harness.Clock.Advance(TimeSpan.FromSeconds(29));
        await harness.PumpAsync();
        await harness.PumpAsync();
        Assert.Equal(6, harness.Probe.Calls.Count);

        healthy = true;
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await harness.SinglePassAsync();
        Assert.Equal(7, harness.Probe.Calls.Count);

        // Closed again: everything left runs.
        await harness.RunUntilDoneAsync();
        Assert.Equal(11, harness.Probe.Calls.Count);
        Assert.All(await harness.Store.ListTasksAsync(TaskHarness.InstanceId), t => Assert.Equal(TaskState.Completed, t.State));
    }

    [StoreFact]
    public async Task FanOut_Of3000Items_ResumesTheInstanceOnce_WithAStateThatDoesNotGrowWithN()
    {
        var services = DocumentExchange();
        // A node's conversion slots: each running item holds a database connection, and PostgreSQL allows 100 in all.
        services.Services["Conversion"] = new TaskServiceOptions { Queues = { ["items"] = new QueueOptions { Slots = 8, Budget = 100 } } };
        var harness = await HarnessAsync(services);
        var parent = await harness.EnqueueAsync("docex-download", handler: "Test.FanOutProbe", input: new JsonObject { ["count"] = 3000 });

        await harness.RunUntilDoneAsync();

        Assert.Equal(3000, harness.Probe.Calls.Count);
        Assert.Equal(3000, harness.Probe.Calls.Select(c => c.Key).Distinct().Count());
        Assert.Contains($"{parent.IdempotencyKey}:file2999", harness.Probe.Calls.Select(c => c.Key));
        var resume = Assert.Single(await harness.WorkItemsAsync());
        Assert.Equal(parent.BookmarkId, resume.BookmarkId);
        var groupId = JsonNode.Parse(resume.Payload!)!["taskGroupId"]!.GetValue<string>();
        var group = (await harness.Store.FindTaskGroupAsync(groupId))!;
        Assert.Equal((3000, 3000, 0), (group.Total, group.Succeeded, group.Failed));
        Assert.True(group.ActivityState.Length < 200, group.ActivityState);
        Assert.Equal("fanned", JsonNode.Parse(group.ActivityState)!["outputs"]!["summary"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task WeightBudget_LimitsTheWeightRunningAtOnce()
    {
        var services = DocumentExchange();
        services.Services["Conversion"] = new TaskServiceOptions { Queues = { ["conversion"] = new QueueOptions { Slots = 8, Budget = 12 } } };
        var harness = await HarnessAsync(services);
        var hold = new TaskCompletionSource();
        harness.Probe.Hold = hold.Task;
        for (var i = 0; i < 5; i++)
        {
            await harness.EnqueueAsync("conversion", weight: 5);
        }

        await harness.Worker.RunOnceAsync();

        Assert.Equal(2, harness.Worker.RunningCount);
        hold.SetResult();
        await harness.RunUntilDoneAsync();
        Assert.Equal(5, harness.Probe.Calls.Count);
    }

    [StoreFact]
    public async Task WeightBudget_CountsWhatOtherCodeOnTheNodeHoldsOfTheSameLimiter()
    {
        var services = DocumentExchange();
        services.Services["Conversion"] = new TaskServiceOptions { Queues = { ["conversion"] = new QueueOptions { Slots = 8, Budget = 12 } } };
        var harness = await HarnessAsync(services);
        var outside = await harness.Capacity.Budget("conversion")!.AcquireAsync(7);
        for (var i = 0; i < 3; i++)
        {
            await harness.EnqueueAsync("conversion", weight: 5);
        }

        await harness.Worker.RunOnceAsync();
        await harness.Worker.WhenIdleAsync();

        Assert.Single(harness.Probe.Calls);
        outside.Dispose();
        await harness.RunUntilDoneAsync();
        Assert.Equal(3, harness.Probe.Calls.Count);
    }

    [StoreFact]
    public async Task AbandonedTask_IsReclaimedAfterItsLeaseExpires_WithTheSameIdempotencyKey()
    {
        var harness = await HarnessAsync(DocumentExchange());
        var crashed = new TaskCompletionSource();
        harness.Probe.Hold = crashed.Task;
        var task = await harness.EnqueueAsync("docex-search");
        await harness.Worker.RunOnceAsync();
        Assert.True(await harness.Probe.CallRecorded.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, harness.Worker.RunningCount);
        harness.Probe.Hold = null;

        var other = harness.CreateWorker("node-b");
        harness.Clock.Advance(TimeSpan.FromSeconds(29));
        await harness.PumpAsync(other);
        Assert.Single(harness.Probe.Calls);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.PumpAsync(other);

        Assert.Equal(2, harness.Probe.Calls.Count);
        Assert.Equal(task.IdempotencyKey, harness.Probe.Calls[1].Key);
        Assert.Equal([task.IdempotencyKey], harness.Probe.Effects.Keys.ToArray());
        Assert.Equal(TaskState.Completed, (await harness.Store.FindTaskAsync(task.Id))!.State);

        // The first node learns from its heartbeat that the lease is gone and stops without recording anything.
        await harness.Worker.HeartbeatAsync();
        await harness.Worker.WhenIdleAsync();
        Assert.Single(await harness.WorkItemsAsync());
    }
}

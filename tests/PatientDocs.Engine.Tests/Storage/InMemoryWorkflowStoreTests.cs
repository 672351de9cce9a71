using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Storage;

public sealed class InMemoryWorkflowStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly InMemoryWorkflowStore _store = new();

    [Fact]
    public async Task LeaseRunnable_AfterTheLeaseExpires_LetsAnotherOwnerContinue_AndTheOldOwnerCannotCommit()
    {
        await CreateAsync("i1", WorkItem("w1", "i1", T0));
        var first = Assert.Single(await _store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));
        Assert.Empty(await _store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(29), Lease, 10));

        var second = Assert.Single(await _store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(30), Lease, 10));

        Assert.Equal("w1", Assert.Single(second.WorkItems).Id);
        await Assert.ThrowsAsync<LeaseLostException>(() => _store.CommitBurstAsync(new BurstCommit { Instance = first.Instance with { State = "stale" }, LeaseOwner = "node-a", ConsumedWorkItemIds = ["w1"] }));
        await _store.CommitBurstAsync(new BurstCommit { Instance = second.Instance with { State = "fresh" }, LeaseOwner = "node-b", ConsumedWorkItemIds = ["w1"] });
        Assert.Equal("fresh", (await _store.FindInstanceAsync("i1"))!.State);
        Assert.Null(await _store.NextWorkItemAtAsync());
    }

    [Fact]
    public async Task RenewLeases_KeepsTheInstanceFromOtherOwners_AndReportsLostOnes()
    {
        await CreateAsync("i1", WorkItem("w1", "i1", T0));
        await _store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10);

        Assert.Empty(await _store.RenewLeasesAsync("node-a", ["i1"], T0.AddSeconds(20), Lease));
        Assert.Empty(await _store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(40), Lease, 10));
        Assert.Equal(["i1"], await _store.RenewLeasesAsync("node-b", ["i1"], T0.AddSeconds(40), Lease));
    }

    [Fact]
    public async Task TimerWorkItem_IsNotRunnableBeforeItsDueTime()
    {
        await CreateAsync("i1", WorkItem("timer", "i1", T0.AddMinutes(5)));

        Assert.Empty(await _store.LeaseRunnableInstancesAsync("node-a", T0.AddMinutes(5).AddTicks(-1), Lease, 10));
        Assert.Equal(T0.AddMinutes(5), await _store.NextWorkItemAtAsync());
        Assert.Single(await _store.LeaseRunnableInstancesAsync("node-a", T0.AddMinutes(5), Lease, 10));
    }

    [Fact]
    public async Task Enqueue_WithAnIdempotencyKeyAlreadyTaken_IsNotInsertedTwice()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [Task("t1", "q", key: "k")] });
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [Task("t2", "q", key: "k")] });

        Assert.Equal(["t1"], (await _store.ListTasksAsync("i1")).Select(t => t.Id).ToArray());
    }

    [Fact]
    public async Task Enqueue_WithTheKeyOfAFailedTask_KeepsIt_AndARetryReopensItInPlace()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [Task("t1", "q", key: "k")] });
        await ClaimAsync(["q"], 1);
        Assert.True(await _store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "w", Resolution = TaskResolution.Failed, Now = T0, Error = "boom" }));

        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [Task("t2", "q", key: "k")] });
        var kept = Assert.Single(await _store.ListTasksAsync("i1"));
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", RetriedTasks = [Task("t3", "q", key: "k")] });

        Assert.Equal(("t1", TaskState.Failed), (kept.Id, kept.State));
        var reopened = Assert.Single(await _store.ListTasksAsync("i1"));
        Assert.Equal(("t1", TaskState.Pending, 0, (string?)null), (reopened.Id, reopened.State, reopened.Attempts, reopened.Error));
    }

    [Fact]
    public async Task Claim_TakesHigherPriorityFirst_ThenFifo_AcrossTheRequestedQueues()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit
        {
            Instance = await InstanceAsync("i1"),
            LeaseOwner = "x",
            NewTasks = [Task("s1", "search", createdAt: T0), Task("s2", "search", createdAt: T0.AddSeconds(1)), Task("d1", "download", priority: 5, createdAt: T0.AddSeconds(2)), Task("other", "elsewhere", priority: 9)],
        });

        var claimed = await ClaimAsync(["search", "download"], 10);

        Assert.Equal(["d1", "s1", "s2"], claimed.Tasks.Select(t => t.Id).ToArray());
        Assert.All(claimed.Tasks, t => Assert.Equal((TaskState.Running, "w"), (t.State, t.LeaseOwner)));
    }

    [Fact]
    public async Task Claim_WithAWeightBudget_StopsAtTheFirstTaskThatDoesNotFit()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit
        {
            Instance = await InstanceAsync("i1"),
            LeaseOwner = "x",
            NewTasks = [Task("a", "c", weight: 600, createdAt: T0), Task("b", "c", weight: 500, createdAt: T0.AddSeconds(1)), Task("tiny", "c", weight: 1, createdAt: T0.AddSeconds(2))],
        });

        var claimed = await ClaimAsync(["c"], 10, weightAvailable: 1000);

        Assert.Equal(["a"], claimed.Tasks.Select(t => t.Id).ToArray());
    }

    [Fact]
    public async Task Claim_UnderALimit_RecordsOneGrantPerTask_AndSaysWhenTheNextPermitFrees()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [.. Enumerable.Range(0, 5).Select(i => Task($"t{i}", "q"))] });
        var limit = new RateLimitSpec("Svc.L", 2, TimeSpan.FromSeconds(10), Hold: TimeSpan.Zero);

        var first = await ClaimAsync(["q"], 10, limit: limit);
        var blocked = await ClaimAsync(["q"], 10, limit: limit, now: T0.AddSeconds(9));
        var second = await ClaimAsync(["q"], 10, limit: limit, now: T0.AddSeconds(10));

        Assert.Equal(2, first.Tasks.Count);
        Assert.Equal(T0.AddSeconds(10), first.NextPermitAt);
        Assert.Empty(blocked.Tasks);
        Assert.Equal(T0.AddSeconds(10), blocked.NextPermitAt);
        Assert.Equal(2, second.Tasks.Count);
        Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(10)], await _store.ListGrantsAsync("Svc.L", T0.AddSeconds(10), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Commit_ThatCancelsPendingTasks_RemovesBookmarksTimersAndPendingTasks()
    {
        await CreateAsync("i1");
        var bookmark = new BookmarkRecord { Id = "b1", InstanceId = "i1", ActivityId = "delay", Kind = BookmarkKind.Timer, DueAt = T0.AddMinutes(1), CreatedAt = T0 };
        await CommitAsync("i1", new BurstCommit
        {
            Instance = await InstanceAsync("i1"),
            LeaseOwner = "x",
            NewBookmarks = [bookmark],
            NewWorkItems = [WorkItem("timer", "i1", T0.AddMinutes(1)) with { BookmarkId = "b1" }],
            NewTasks = [Task("t1", "q"), Task("t2", "q")],
        });
        await ClaimAsync(["q"], 1);

        await CommitAsync("i1", new BurstCommit
        {
            Instance = (await InstanceAsync("i1")) with { Status = WorkflowStatus.Finished, SubStatus = WorkflowSubStatus.Cancelled },
            LeaseOwner = "x",
            CancelPendingTasks = true,
        });

        Assert.Empty(await _store.ListBookmarksAsync("i1"));
        Assert.Null(await _store.NextWorkItemAtAsync());
        Assert.All(await _store.ListTasksAsync("i1"), t => Assert.Equal(TaskState.Cancelled, t.State));
        Assert.Empty((await ClaimAsync(["q"], 10, now: T0.AddHours(1))).Tasks);
        Assert.False(await _store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "w", Resolution = TaskResolution.Completed, Now = T0 }));
    }

    [Fact]
    public async Task TaskGroup_LastItemCompletion_AddsTheGroupWorkItemExactlyOnce()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [Task("parent", "q")] });
        await ClaimAsync(["q"], 1);
        var group = new TaskGroupRecord { Id = "g1", InstanceId = "i1", ActivityId = "a", BookmarkId = "b", ParentTaskId = "parent", Total = 3, ActivityState = "{}", CreatedAt = T0 };
        Assert.True(await _store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = "parent",
            Owner = "w",
            Resolution = TaskResolution.FannedOut,
            Now = T0,
            FanOut = new TaskFanOut(group, [Task("x1", "items", key: "k:1"), Task("x2", "items", key: "k:2"), Task("x3", "items", key: "k:3")]),
            GroupCompletedWorkItem = WorkItem("never", "i1", T0),
        }));
        Assert.Null(await _store.NextWorkItemAtAsync());
        await ClaimAsync(["items"], 3);

        foreach (var (id, resolution) in new[] { ("x1", TaskResolution.Completed), ("x2", TaskResolution.Failed), ("x3", TaskResolution.Completed) })
        {
            Assert.Null(await _store.NextWorkItemAtAsync());
            await _store.CompleteTaskAsync(new TaskCompletion { TaskId = id, Owner = "w", Resolution = resolution, Now = T0, Error = resolution == TaskResolution.Failed ? "bad file" : null, GroupCompletedWorkItem = WorkItem($"done-{id}", "i1", T0) });
        }

        var leased = Assert.Single(await _store.LeaseRunnableInstancesAsync("n", T0, Lease, 10));
        Assert.Equal("done-x3", Assert.Single(leased.WorkItems).Id);
        Assert.Equal((3, 2, 1, "bad file"), await GroupCountsAsync("g1"));
    }

    [Fact]
    public async Task ExpiredTaskLease_MakesTheTaskClaimableByAnotherOwner()
    {
        await CreateAsync("i1");
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", NewTasks = [Task("t1", "q")] });
        await ClaimAsync(["q"], 1, owner: "crashed");

        var early = await ClaimAsync(["q"], 1, owner: "w", now: T0.AddSeconds(29));
        var late = await ClaimAsync(["q"], 1, owner: "w", now: T0.AddSeconds(30));

        Assert.Empty(early.Tasks);
        Assert.Equal(T0.AddSeconds(30), early.NextTaskAt);
        Assert.Equal("t1", Assert.Single(late.Tasks).Id);
        Assert.False(await _store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "crashed", Resolution = TaskResolution.Completed, Now = T0.AddSeconds(31) }));
    }

    [Fact]
    public async Task ListInstances_FiltersByStatusAndPages_NewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await _store.CreateInstancesAsync([Instance($"i{i}") with { CreatedAt = T0.AddMinutes(i), SubStatus = i % 2 == 0 ? WorkflowSubStatus.Suspended : WorkflowSubStatus.Faulted }], []);
        }

        var page = await _store.ListInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Suspended], Page = 0, PageSize = 2 });

        Assert.Equal(3, page.TotalCount);
        Assert.Equal(["i4", "i2"], page.Items.Select(i => i.Id).ToArray());
    }

    [Fact]
    public async Task ListJournal_FiltersByEventName_AndPages()
    {
        await CreateAsync("i1");
        var records = Enumerable.Range(0, 6).Select(i => new JournalRecord
        {
            Id = $"j{i}",
            InstanceId = "i1",
            ActivityId = $"a{i}",
            ActivityType = "Elsa.WriteLine",
            NodeId = $"n{i}",
            Timestamp = T0.AddSeconds(i),
            EventName = i % 2 == 0 ? "Started" : "Completed",
        }).ToList();
        await CommitAsync("i1", new BurstCommit { Instance = await InstanceAsync("i1"), LeaseOwner = "x", Journal = records });

        var page = await _store.ListJournalAsync("i1", new JournalFilter { EventNames = ["Completed"] }, skip: 1, take: 1);

        Assert.Equal(3, page.TotalCount);
        Assert.Equal("j3", Assert.Single(page.Items).Id);
    }

    private static InstanceRecord Instance(string id) => new()
    {
        Id = id,
        DefinitionId = "d",
        DefinitionVersionId = "d:1",
        Version = 1,
        CreatedAt = T0,
        UpdatedAt = T0,
        State = "{}",
    };

    private static WorkItemRecord WorkItem(string id, string instanceId, DateTimeOffset at) => new()
    {
        Id = id,
        InstanceId = instanceId,
        Kind = WorkItemKind.Resume,
        AvailableAt = at,
        CreatedAt = T0,
    };

    private static TaskRecord Task(string id, string queue, string? key = null, int priority = 0, long weight = 0, DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        Queue = queue,
        Handler = "Test.Probe",
        InstanceId = "i1",
        ActivityId = "a",
        IdempotencyKey = key ?? $"i1:{id}",
        BookmarkId = $"bm-{id}",
        Priority = priority,
        Weight = weight,
        NotBefore = T0,
        Input = "{}",
        CreatedAt = createdAt ?? T0,
    };

    private Task CreateAsync(string id, params WorkItemRecord[] items) => _store.CreateInstancesAsync([Instance(id)], items);

    private async Task<InstanceRecord> InstanceAsync(string id) => (await _store.FindInstanceAsync(id))!;

    private async Task CommitAsync(string instanceId, BurstCommit commit)
    {
        Assert.NotNull(await _store.LeaseInstanceAsync(instanceId, commit.LeaseOwner, T0, Lease));
        await _store.CommitBurstAsync(commit);
    }

    private Task<ClaimResult> ClaimAsync(IReadOnlyList<string> queues, int max, long? weightAvailable = null, RateLimitSpec? limit = null, DateTimeOffset? now = null, string owner = "w") =>
        _store.ClaimTasksAsync(new ClaimRequest { Queues = queues, Owner = owner, Now = now ?? T0, LeaseDuration = Lease, MaxTasks = max, WeightAvailable = weightAvailable, Limit = limit });

    private async Task<(int, int, int, string?)> GroupCountsAsync(string groupId)
    {
        var group = (await _store.FindTaskGroupAsync(groupId))!;
        return (group.Total, group.Succeeded, group.Failed, group.FirstError);
    }
}

using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Storage;

/// <summary>What the store contract (<see cref="InMemoryWorkflowStoreContractTests"/>) does not pin down for the in-memory store.</summary>
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

    private static TaskRecord Task(string id, string queue) => new()
    {
        Id = id,
        Queue = queue,
        Handler = "Test.Probe",
        InstanceId = "i1",
        ActivityId = "a",
        IdempotencyKey = $"i1:{id}",
        BookmarkId = $"bm-{id}",
        NotBefore = T0,
        Input = "{}",
        CreatedAt = T0,
    };

    private Task<bool> CreateAsync(string id, params WorkItemRecord[] items) => _store.CreateInstancesAsync([Instance(id)], items);

    private async Task<InstanceRecord> InstanceAsync(string id) => (await _store.FindInstanceAsync(id))!;

    private async Task CommitAsync(string instanceId, BurstCommit commit)
    {
        Assert.NotNull(await _store.LeaseInstanceAsync(instanceId, commit.LeaseOwner, T0, Lease));
        await _store.CommitBurstAsync(commit);
    }

    private Task<ClaimResult> ClaimAsync(IReadOnlyList<string> queues, int max, DateTimeOffset? now = null, string owner = "w") =>
        _store.ClaimTasksAsync(new ClaimRequest { Queues = queues, Owner = owner, Now = now ?? T0, LeaseDuration = Lease, MaxTasks = max });
}

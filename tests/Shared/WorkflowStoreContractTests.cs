using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>The behaviour every <see cref="IWorkflowStore"/> owes the engine; one subclass per store.</summary>
public abstract partial class WorkflowStoreContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected IWorkflowStore Store { get; private set; } = null!;

    protected abstract Task<IWorkflowStore> CreateStoreAsync();

    /// <summary>A second node on the same data (a second store object where the store allows it).</summary>
    protected abstract IWorkflowStore CreateSecondNode();

    protected virtual Task DisposeStoreAsync() => System.Threading.Tasks.Task.CompletedTask;

    /// <summary>
    /// The store numbers activity-log lines as it inserts them (SQLite: one writer, so commit order is insert order)
    /// instead of in a numbering pass after commit.
    /// </summary>
    protected virtual bool NumbersActivityLogOnCommit => false;

    /// <summary>
    /// The store runs a completion's resumed burst in the completion's transaction (<see cref="TaskCompletion.RunResumedBurst"/>)
    /// instead of handing the instance over.
    /// </summary>
    protected virtual bool CommitsResumedBurstsWithTheirTask => false;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    // Definitions ---------------------------------------------------------------------------------------------------

    [StoreFact]
    public async Task FindDefinition_ByVersionOptions_ReturnsTheMatchingVersion()
    {
        await Store.SaveDefinitionVersionsAsync([Definition("orders", 1, isLatest: false, isPublished: true), Definition("orders", 2, isLatest: true, isPublished: false)]);

        Assert.Equal(2, (await Store.FindDefinitionAsync("orders", VersionOptions.Latest))!.Version);
        Assert.Equal(1, (await Store.FindDefinitionAsync("orders", VersionOptions.Published))!.Version);
        Assert.Equal(2, (await Store.FindDefinitionAsync("orders", VersionOptions.LatestOrPublished))!.Version);
        Assert.Equal(2, (await Store.FindDefinitionAsync("orders", new VersionOptions(VersionSelector.Draft)))!.Version);
        Assert.Equal(1, (await Store.FindDefinitionAsync("orders", new VersionOptions(VersionSelector.SpecificVersion, 1)))!.Version);
        Assert.Null(await Store.FindDefinitionAsync("orders", new VersionOptions(VersionSelector.LatestAndPublished)));
        Assert.Null(await Store.FindDefinitionAsync("missing", VersionOptions.Latest));
        Assert.Equal("orders", (await Store.FindDefinitionVersionAsync("orders-v1"))!.DefinitionId);
    }

    [StoreFact]
    public async Task FindDefinitionVersionId_ForEveryVersionOption_NamesTheVersionFindDefinitionReturns()
    {
        await Store.SaveDefinitionVersionsAsync(
        [
            Definition("orders", 1, isLatest: false, isPublished: false),
            Definition("orders", 2, isLatest: false, isPublished: true),
            Definition("orders", 3, isLatest: true, isPublished: false),
            Definition("other", 7, isLatest: true, isPublished: true),
        ]);
        VersionOptions[] options =
        [
            VersionOptions.Latest, VersionOptions.Published, VersionOptions.LatestOrPublished, VersionOptions.AllVersions,
            new(VersionSelector.LatestAndPublished), new(VersionSelector.Draft), new(VersionSelector.SpecificVersion, 1),
            new(VersionSelector.SpecificVersion, 2), new(VersionSelector.SpecificVersion, 4),
        ];

        var ids = new List<string?>();
        foreach (var option in options)
        {
            ids.Add(await Store.FindDefinitionVersionIdAsync("orders", option));
            Assert.Equal((await Store.FindDefinitionAsync("orders", option))?.Id, ids[^1]);
        }

        Assert.Equal(["orders-v3", "orders-v2", "orders-v3", "orders-v3", null, "orders-v3", "orders-v1", "orders-v2", null], ids);
        Assert.Equal("other-v7", await Store.FindDefinitionVersionIdAsync("other", new VersionOptions(VersionSelector.LatestAndPublished)));
        Assert.Null(await Store.FindDefinitionVersionIdAsync("missing", VersionOptions.Latest));
    }

    [StoreFact]
    public async Task CreateInstances_NamingAVersionNoLongerSelected_CreatesNothing_AndTheCurrentVersionStarts()
    {
        await Store.SaveDefinitionVersionsAsync([Definition("orders", 1, isLatest: true, isPublished: true)]);
        var v1 = new StartVersion("orders", VersionOptions.Published, "orders-v1");
        Assert.True(await Store.CreateInstancesAsync([Instance("i1", T0, "orders")], [WorkItem("w1", "i1", T0)], [v1]));

        // Another node publishes version 2: a start that still names version 1 is refused whole, its work item too.
        await Store.SaveDefinitionVersionsAsync([Definition("orders", 1, isLatest: false, isPublished: false), Definition("orders", 2, isLatest: true, isPublished: true)]);
        var refused = await Store.CreateInstancesAsync([Instance("i2", T0, "orders"), Instance("i3", T0, "orders")], [WorkItem("w2", "i2", T0), WorkItem("w3", "i3", T0)], [v1]);
        var refusedLeased = await Store.CreateLeasedInstanceAsync(Instance("i4", T0, "orders"), WorkItem("w4", "i4", T0), "node-a", T0 + Lease, v1);
        var latest = new StartVersion("orders", VersionOptions.Latest, "orders-v2");
        var accepted = await Store.CreateLeasedInstanceAsync(Instance("i5", T0, "orders") with { DefinitionVersionId = "orders-v2", Version = 2 }, WorkItem("w5", "i5", T0), "node-a", T0 + Lease, latest);
        await Store.DeleteDefinitionAsync("orders");
        var afterDelete = await Store.CreateInstancesAsync([Instance("i6", T0, "orders")], [WorkItem("w6", "i6", T0)], [latest with { Options = VersionOptions.Published }]);

        Assert.False(refused);
        Assert.False(refusedLeased);
        Assert.True(accepted);
        Assert.False(afterDelete);
        Assert.Equal(["i1", "i5"], (await Store.ListInstancesAsync(new InstanceQuery { PageSize = 10 })).Items.Select(i => i.Id).Order());
        Assert.Equal(["i1"], (await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(1), Lease, 10)).Select(l => l.Instance.Id));
    }

    [StoreFact]
    public async Task ListDefinitions_FiltersByVersionOptionsAndPages()
    {
        foreach (var id in new[] { "alpha", "beta", "gamma" })
        {
            await Store.SaveDefinitionVersionsAsync([Definition(id, 1, isLatest: false, isPublished: true), Definition(id, 2, isLatest: true, isPublished: false)]);
        }

        var latest = await Store.ListDefinitionsAsync(new DefinitionQuery { VersionOptions = VersionOptions.Latest });
        var page = await Store.ListDefinitionsAsync(new DefinitionQuery { VersionOptions = VersionOptions.AllVersions, Page = 1, PageSize = 4 });
        var search = await Store.ListDefinitionsAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published, SearchTerm = "ETA" });
        var byIds = await Store.ListDefinitionsAsync(new DefinitionQuery { DefinitionIds = ["gamma"] });

        Assert.Equal(3, latest.TotalCount);
        Assert.All(latest.Items, d => Assert.Equal(2, d.Version));
        Assert.Equal(6, page.TotalCount);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal("beta-v1", Assert.Single(search.Items).Id);
        Assert.Equal(2, byIds.TotalCount);
    }

    [StoreFact]
    public async Task SaveDefinitionVersions_WithAnExistingId_ReplacesThatVersion()
    {
        await Store.SaveDefinitionVersionsAsync([Definition("orders", 1, isLatest: true, isPublished: false)]);

        await Store.SaveDefinitionVersionsAsync([Definition("orders", 1, isLatest: true, isPublished: true, name: "Orders")]);

        var all = await Store.ListDefinitionsAsync(new DefinitionQuery());
        var only = Assert.Single(all.Items);
        Assert.True(only.IsPublished);
        Assert.Equal("Orders", only.Name);
    }

    [StoreFact]
    public async Task DeleteDefinition_RemovesEveryVersion()
    {
        await Store.SaveDefinitionVersionsAsync([Definition("orders", 1, false, true), Definition("orders", 2, true, false), Definition("other", 1, true, true)]);

        var deleted = await Store.DeleteDefinitionAsync("orders");

        Assert.Equal(2, deleted);
        Assert.Null(await Store.FindDefinitionAsync("orders", VersionOptions.AllVersions));
        Assert.True(await Store.DeleteDefinitionVersionAsync("other-v1"));
        Assert.False(await Store.DeleteDefinitionVersionAsync("other-v1"));
    }

    // Instances -----------------------------------------------------------------------------------------------------

    [StoreFact]
    public async Task ListInstances_FiltersByStatusDefinitionAndCorrelation()
    {
        await Store.CreateInstancesAsync(
        [
            Instance("i1", T0, "orders", WorkflowSubStatus.Suspended, "c-1"),
            Instance("i2", T0.AddSeconds(1), "orders", WorkflowSubStatus.Finished, "c-2"),
            Instance("i3", T0.AddSeconds(2), "invoices", WorkflowSubStatus.Suspended, "c-1"),
        ], []);

        var suspended = await Store.ListInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Suspended] });
        var finished = await Store.ListInstancesAsync(new InstanceQuery { Statuses = [WorkflowStatus.Finished] });
        var orders = await Store.ListInstancesAsync(new InstanceQuery { DefinitionIds = ["orders"], CorrelationId = "c-1" });
        var count = await Store.CountInstancesAsync(new InstanceQuery { Statuses = [WorkflowStatus.Running] });

        Assert.Equal(["i3", "i1"], suspended.Items.Select(i => i.Id));
        Assert.Equal("i2", Assert.Single(finished.Items).Id);
        Assert.Equal("i1", Assert.Single(orders.Items).Id);
        Assert.Equal(2, count);
    }

    [StoreFact]
    public async Task ListInstances_PagesInCreationOrder()
    {
        await Store.CreateInstancesAsync(Enumerable.Range(0, 7).Select(n => Instance($"i{n}", T0.AddSeconds(n))).ToList(), []);

        var newestFirst = await Store.ListInstancesAsync(new InstanceQuery { Page = 1, PageSize = 3 });
        var oldestFirst = await Store.ListInstancesAsync(new InstanceQuery { Descending = false, Page = 2, PageSize = 3 });

        Assert.Equal(7, newestFirst.TotalCount);
        Assert.Equal(["i3", "i2", "i1"], newestFirst.Items.Select(i => i.Id));
        Assert.Equal(["i6"], oldestFirst.Items.Select(i => i.Id));
    }

    [StoreFact]
    public async Task CreateInstances_RoundTripsEveryColumn()
    {
        var record = Instance("i1", T0.AddMilliseconds(123), "orders", WorkflowSubStatus.Suspended, "c-9") with
        {
            Name = "Order 9",
            IncidentCount = 2,
            UpdatedAt = T0.AddSeconds(5),
            FinishedAt = T0.AddSeconds(6),
            State = "{\"big\":\"state\"}",
        };
        await Store.CreateInstancesAsync([record], []);

        Assert.Equal(record, await Store.FindInstanceAsync("i1"));
        Assert.Null(await Store.FindInstanceAsync("nope"));
    }

    [StoreFact]
    public async Task CreateInstances_TenThousandInOneCall_AreAllStored()
    {
        var instances = Enumerable.Range(0, 10_000).Select(n => Instance($"bulk-{n:00000}", T0.AddMilliseconds(n))).ToList();
        var items = instances.Select(i => WorkItem($"w-{i.Id}", i.Id, T0)).ToList();

        await Store.CreateInstancesAsync(instances, items);

        Assert.Equal(10_000, await Store.CountInstancesAsync(new InstanceQuery()));
        Assert.Equal(T0, await Store.NextWorkItemAtAsync());
    }

    [StoreFact]
    public async Task DeleteInstance_RemovesTheInstanceAndWhatItOwns()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0)]);

        Assert.True(await Store.DeleteInstanceAsync("i-tasks"));

        Assert.Null(await Store.FindInstanceAsync("i-tasks"));
        Assert.Empty(await Store.ListTasksAsync("i-tasks"));
        Assert.False(await Store.DeleteInstanceAsync("i-tasks"));
    }

    // Leases and bursts ---------------------------------------------------------------------------------------------

    [StoreFact]
    public async Task Lease_OnlyInstancesWithWorkAvailableAtNow_AreLeased()
    {
        await Store.CreateInstancesAsync([Instance("now", T0), Instance("later", T0)], [WorkItem("w1", "now", T0), WorkItem("w2", "later", T0.AddMinutes(5))]);

        var leased = await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(1), Lease, 10);

        var only = Assert.Single(leased);
        Assert.Equal("now", only.Instance.Id);
        Assert.Equal("w1", Assert.Single(only.WorkItems).Id);
        Assert.Equal(T0.AddSeconds(31), await Store.NextWorkItemAtAsync());
    }

    [StoreFact]
    public async Task Lease_WhileAnotherOwnerHoldsALiveLease_ReturnsNothing()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10);

        var second = await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(29), Lease, 10);

        Assert.Empty(second);
    }

    [StoreFact]
    public async Task Lease_AfterTheLeaseExpired_AnotherOwnerTakesOverAndTheOldOwnerCannotCommit()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var first = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));

        var second = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(31), Lease, 10));
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => Store.CommitBurstAsync(new BurstCommit
        {
            Instance = first.Instance with { SubStatus = WorkflowSubStatus.Finished, State = "{\"by\":\"a\"}" },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w1"],
            NewTasks = [Task("t-lost", "q", T0)],
            Journal = [Journal("j-lost", "i1", T0, 1)],
        }));

        Assert.Equal("i1", second.Instance.Id);
        Assert.Equal("i1", lost.InstanceId);
        var stored = await Store.FindInstanceAsync("i1");
        Assert.Equal("{\"v\":1}", stored!.State);
        Assert.Null(await Store.FindTaskAsync("t-lost"));
        Assert.Equal(0, (await Store.ListJournalAsync("i1", new JournalFilter(), 0, 10)).TotalCount);
        Assert.Equal("w1", Assert.Single(second.WorkItems).Id);
    }

    [StoreFact]
    public async Task LeaseInstance_WithoutALiveLease_LeasesItWithTheWorkAvailableAtNow()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0), Instance("i2", T0)], [WorkItem("w1", "i1", T0), WorkItem("w2", "i1", T0.AddMinutes(5)), WorkItem("w3", "i2", T0)]);

        var leased = await Store.LeaseInstanceAsync("i1", "node-a", T0.AddSeconds(1), Lease);

        Assert.NotNull(leased);
        Assert.Equal("i1", leased.Instance.Id);
        Assert.Equal(["w1"], leased.WorkItems.Select(w => w.Id));
        Assert.Equal(["i2"], (await CreateSecondNode().LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(2), Lease, 10)).Select(l => l.Instance.Id));
        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Suspended, State = "{\"by\":\"a\"}" },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w1"],
            ReleaseLease = true,
        });
        Assert.Equal("{\"by\":\"a\"}", (await Store.FindInstanceAsync("i1"))!.State);
    }

    [StoreFact]
    public async Task CreateLeasedInstance_NoOtherNodeCanTakeIt_UntilTheLeaseExpires_AndItsOwnerCommitsTheFirstBurst()
    {
        await Store.CreateLeasedInstanceAsync(Instance("i1", T0), WorkItem("w1", "i1", T0), "node-a", T0 + Lease);
        var second = CreateSecondNode();

        var runnableWhileLive = await second.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(29), Lease, 10);
        var oneWhileLive = await second.LeaseInstanceAsync("i1", "node-b", T0.AddSeconds(29), Lease);
        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = Instance("i1", T0) with { SubStatus = WorkflowSubStatus.Suspended, State = "{\"by\":\"a\"}" },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w1"],
            ReleaseLease = true,
        });

        Assert.Empty(runnableWhileLive);
        Assert.Null(oneWhileLive);
        Assert.Equal("{\"by\":\"a\"}", (await Store.FindInstanceAsync("i1"))!.State);
        Assert.Empty(await second.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(31), Lease, 10));
        Assert.NotNull(await second.LeaseInstanceAsync("i1", "node-b", T0.AddSeconds(31), Lease));
    }

    [StoreFact]
    public async Task LeaseInstance_WhileAnotherOwnerHoldsALiveLease_ReturnsNullUntilItExpires()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));
        var second = CreateSecondNode();

        var whileLive = await second.LeaseInstanceAsync("i1", "node-b", T0.AddSeconds(29), Lease);
        var afterExpiry = await second.LeaseInstanceAsync("i1", "node-b", T0.AddSeconds(31), Lease);

        Assert.Null(whileLive);
        Assert.Equal(["w1"], afterExpiry!.WorkItems.Select(w => w.Id));
        Assert.Null(await Store.LeaseInstanceAsync("missing", "node-a", T0.AddSeconds(31), Lease));
        Assert.Empty(await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(32), Lease, 10));
        Assert.Equal(["i1"], await Store.RenewLeasesAsync("node-a", ["i1"], T0.AddSeconds(32), Lease));
    }

    [StoreFact]
    public async Task RenewLeases_ReturnsTheIdsThisOwnerNoLongerHolds()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0), Instance("i2", T0)], [WorkItem("w1", "i1", T0), WorkItem("w2", "i2", T0)]);
        await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10);
        await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(31), Lease, 1);

        var lost = await Store.RenewLeasesAsync("node-a", ["i1", "i2"], T0.AddSeconds(32), Lease);

        Assert.Equal(["i1"], lost);
        Assert.Empty(await Store.LeaseRunnableInstancesAsync("node-c", T0.AddSeconds(60), Lease, 10));
        Assert.Equal(["i1"], (await Store.LeaseRunnableInstancesAsync("node-c", T0.AddSeconds(61), Lease, 10)).Select(l => l.Instance.Id));
    }

    [StoreFact]
    public async Task CommitBurst_WritesStateBookmarksWorkItemsTasksAndJournal()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));

        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Suspended, UpdatedAt = T0.AddSeconds(1), State = "{\"v\":2}" },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w1"],
            NewBookmarks =
            [
                new BookmarkRecord { Id = "b-event", InstanceId = "i1", ActivityId = "wait", Kind = BookmarkKind.Event, Name = "approved", CorrelationId = "c-1", CreatedAt = T0 },
                new BookmarkRecord { Id = "b-timer", InstanceId = "i1", ActivityId = "delay", Kind = BookmarkKind.Timer, DueAt = T0.AddMinutes(1), CreatedAt = T0 },
            ],
            NewWorkItems = [WorkItem("w-timer", "i1", T0.AddMinutes(1), WorkItemKind.Resume)],
            NewTasks = [Task("t1", "q", T0, instanceId: "i1")],
            Journal = [Journal("j1", "i1", T0, 1), Journal("j2", "i1", T0, 2)],
            ActivityExecutions = [Execution("e1", "i1", ActivityExecutionStatus.Running)],
        });
        await Store.AddWorkItemsAsync([WorkItem("w-cancel", "i1", T0.AddMinutes(2), WorkItemKind.Cancel)]);

        Assert.Equal(WorkflowSubStatus.Suspended, (await Store.FindInstanceAsync("i1"))!.SubStatus);
        Assert.Equal(["b-event", "b-timer"], (await Store.ListBookmarksAsync("i1")).Select(b => b.Id).Order());
        Assert.Equal("b-event", Assert.Single(await Store.FindEventBookmarksAsync("approved", null)).Id);
        Assert.Empty(await Store.FindEventBookmarksAsync("approved", "c-2"));
        Assert.Equal(TaskState.Pending, (await Store.FindTaskAsync("t1"))!.State);
        Assert.Equal(["j1", "j2"], (await Store.ListJournalAsync("i1", new JournalFilter(), 0, 10)).Items.Select(j => j.Id));
        Assert.Equal(ActivityExecutionStatus.Running, (await Store.FindActivityExecutionAsync("e1"))!.Status);
        Assert.Equal(T0.AddMinutes(1), await Store.NextWorkItemAtAsync());
        Assert.Empty(await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(59), Lease, 10));
        var resumed = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-b", T0.AddMinutes(2), Lease, 10));
        Assert.Equal(["w-timer", "w-cancel"], resumed.WorkItems.Select(w => w.Id));
    }

    [StoreFact]
    public async Task CommitBurst_WithThePreviousRecord_WritesWhatChanged_AndNeverTheColumnsFixedAtCreation()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0), WorkItem("w2", "i1", T0)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10)).Instance;

        // First burst: status and correlation change; the fixed columns in the record are not the stored ones.
        var first = leased with
        {
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Suspended,
            CorrelationId = "c-new",
            State = "{\"v\":2}",
            UpdatedAt = T0.AddSeconds(1),
            Name = "renamed",
            DefinitionId = "other-definition",
            CreatedAt = T0.AddDays(1),
        };
        await Store.CommitBurstAsync(new BurstCommit { Instance = first, Previous = leased, LeaseOwner = "node-a", ConsumedWorkItemIds = ["w1"], ReleaseLease = false });

        // Second burst: only the state and the clock move; status and correlation are as the first burst left them.
        var second = first with { State = "{\"v\":3}", UpdatedAt = T0.AddSeconds(2) };
        await Store.CommitBurstAsync(new BurstCommit { Instance = second, Previous = first, LeaseOwner = "node-a", ConsumedWorkItemIds = ["w2"] });

        var stored = (await Store.FindInstanceAsync("i1"))!;
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended, "c-new", "{\"v\":3}", T0.AddSeconds(2)),
            (stored.Status, stored.SubStatus, stored.CorrelationId, stored.State, stored.UpdatedAt));
        Assert.Equal((leased.Name, leased.DefinitionId, leased.CreatedAt), (stored.Name, stored.DefinitionId, stored.CreatedAt));
        Assert.Equal(["i1"], (await Store.ListInstancesAsync(new InstanceQuery { CorrelationId = "c-new" })).Items.Select(i => i.Id));
        Assert.Equal(["i1"], (await Store.ListInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Suspended] })).Items.Select(i => i.Id));
    }

    [StoreFact]
    public async Task CommitBurst_UpsertsActivityExecutionsAndCancelsPendingTasks()
    {
        await SeedTasksAsync("i1", [Task("t1", "q", T0, instanceId: "i1")]);
        await Store.AddWorkItemsAsync([WorkItem("w-cancel", "i1", T0, WorkItemKind.Cancel)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));

        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Cancelled, Status = WorkflowStatus.Finished },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w-cancel"],
            CancelPendingTasks = true,
            ActivityExecutions = [Execution("e1", "i1", ActivityExecutionStatus.Canceled)],
        });

        Assert.Equal(TaskState.Cancelled, (await Store.FindTaskAsync("t1"))!.State);
        Assert.Empty(await Store.ListBookmarksAsync("i1"));
        Assert.Equal(ActivityExecutionStatus.Canceled, Assert.Single(await Store.ListActivityExecutionsAsync("i1", null)).Status);
    }

    [StoreFact]
    public Task CommitBurst_ThatCancelsAllTasks_AfterTheLeaseWasLost_CancelsNothing() => CancelAfterTheLeaseWasLostAsync(all: true);

    [StoreFact]
    public Task CommitBurst_ThatCancelsABookmarksTasks_AfterTheLeaseWasLost_CancelsNothing() => CancelAfterTheLeaseWasLostAsync(all: false);

    private async Task CancelAfterTheLeaseWasLostAsync(bool all)
    {
        // Cancelling all of an instance's tasks goes out with the lease check; cancelling a bookmark's tasks reads first, so
        // it is written in steps. Either way the lost lease must stop the whole burst.
        await SeedTasksAsync("i1", [Task("t1", "q", T0, instanceId: "i1")]);
        await Store.AddWorkItemsAsync([WorkItem("w-cancel", "i1", T0, WorkItemKind.Cancel)]);
        var first = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));
        Assert.Single(await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(31), Lease, 10));

        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CommitBurstAsync(new BurstCommit
        {
            Instance = first.Instance with { SubStatus = WorkflowSubStatus.Cancelled, Status = WorkflowStatus.Finished },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w-cancel"],
            CancelPendingTasks = all,
            CancelTasksOfBookmarkIds = all ? [] : ["bm-t1"],
            RemovedBookmarkIds = all ? [] : ["bm-t1"],
        }));

        Assert.Equal(TaskState.Pending, (await Store.FindTaskAsync("t1"))!.State);
        Assert.Equal("bm-t1", Assert.Single(await Store.ListBookmarksAsync("i1")).Id);
        Assert.Equal(WorkflowStatus.Running, (await Store.FindInstanceAsync("i1"))!.Status);
    }

    [StoreFact]
    public async Task LeaseRunnable_PrefersStartedInstancesOverNewStarts()
    {
        await Store.CreateInstancesAsync(
            [Instance("new", T0), Instance("started", T0)],
            [WorkItem("w-start", "new", T0), WorkItem("w-resume", "started", T0.AddSeconds(5), WorkItemKind.Resume)]);

        var first = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(10), Lease, 1));
        var second = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(10), Lease, 1));

        Assert.Equal(["started", "new"], [first.Instance.Id, second.Instance.Id]);
    }

    [StoreFact]
    public async Task LeaseRunnable_WithManyNewStartsDue_TakesTheStartedInstancesFirst_ThenTheOldestStarts()
    {
        var starts = Enumerable.Range(0, 40).Select(i => $"new{i:D2}").ToList();
        await Store.CreateInstancesAsync(
            [.. starts.Select(id => Instance(id, T0)), Instance("started1", T0), Instance("started2", T0), Instance("both", T0)],
            [
                .. starts.Select((id, i) => WorkItem($"w-{id}", id, T0.AddMilliseconds(40 - i))),
                WorkItem("w-r1", "started1", T0.AddSeconds(2), WorkItemKind.Resume),
                WorkItem("w-r2", "started2", T0.AddSeconds(1), WorkItemKind.Resume),
                WorkItem("w-both-start", "both", T0),
                WorkItem("w-both-resume", "both", T0.AddSeconds(3), WorkItemKind.Resume),
            ]);

        var first = await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(10), Lease, 5);
        var rest = await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(10), Lease, 100);

        Assert.Equal(["started2", "started1", "both", "new39", "new38"], first.Select(l => l.Instance.Id));
        Assert.Equal(["w-both-start", "w-both-resume"], first.Single(l => l.Instance.Id == "both").WorkItems.Select(w => w.Id));
        Assert.Equal(starts.Take(38).Reverse(), rest.Select(l => l.Instance.Id));
    }

    [StoreFact]
    public async Task LeaseRunnable_BehindSeveralBatchesOfStartsOtherNodesHold_FindsTheFreeOnesInOrder()
    {
        // Other nodes' instances keep their Start items until their bursts commit, so the oldest due items may all be held.
        var held = Enumerable.Range(0, 12).Select(i => $"held{i:D2}").ToList();
        var free = Enumerable.Range(0, 3).Select(i => $"free{i}").ToList();
        await Store.CreateInstancesAsync(
            [.. held.Select(id => Instance(id, T0)), .. free.Select(id => Instance(id, T0))],
            [.. held.Select((id, i) => WorkItem($"w-{id}", id, T0.AddMilliseconds(i))), .. free.Select((id, i) => WorkItem($"w-{id}", id, T0.AddMilliseconds(100 + i)))]);
        for (var node = 0; node < 4; node++)
        {
            Assert.Equal(3, (await Store.LeaseRunnableInstancesAsync($"node-{node}", T0.AddSeconds(1), Lease, 3)).Count);
        }

        var leased = await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(1), Lease, 3);

        Assert.Equal(free, leased.Select(l => l.Instance.Id));
    }

    [StoreFact]
    public async Task CommitBurst_WithSeveralNewActivityExecutions_InsertsEachOnce()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));

        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Suspended },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = ["w1"],
            ActivityExecutions =
            [
                Execution("e1", "i1", ActivityExecutionStatus.Running),
                Execution("e2", "i1", ActivityExecutionStatus.Running),
                Execution("e1", "i1", ActivityExecutionStatus.Completed),
            ],
        });

        var executions = await Store.ListActivityExecutionsAsync("i1", null);
        Assert.Equal(["e1", "e2"], executions.Select(e => e.Id).Order());
        Assert.Equal(ActivityExecutionStatus.Completed, executions.Single(e => e.Id == "e1").Status);
    }

    [StoreFact]
    public async Task CommitBurst_WithADuplicateIdempotencyKey_KeepsTheFirstTask()
    {
        await SeedTasksAsync("i1", [Task("t1", "q", T0, instanceId: "i1")]);

        await SeedTasksAsync("i1", [Task("t2", "q", T0, instanceId: "i1") with { IdempotencyKey = "i1:t1" }], create: false);

        Assert.Equal("t1", Assert.Single(await Store.ListTasksAsync("i1")).Id);
    }

    [StoreFact]
    public async Task ListJournal_FiltersAndPages()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));
        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance,
            LeaseOwner = "node-a",
            Journal = Enumerable.Range(1, 5).Select(n => Journal($"j{n}", "i1", T0.AddSeconds(n), n) with { EventName = n % 2 == 0 ? "Completed" : "Started" }).ToList(),
        });

        var completed = await Store.ListJournalAsync("i1", new JournalFilter { EventNames = ["Completed"] }, 0, 10);
        var page = await Store.ListJournalAsync("i1", new JournalFilter(), 3, 10);

        Assert.Equal(["j2", "j4"], completed.Items.Select(j => j.Id));
        Assert.Equal(5, page.TotalCount);
        Assert.Equal(["j4", "j5"], page.Items.Select(j => j.Id));
    }

    // Tasks ---------------------------------------------------------------------------------------------------------

    [StoreFact]
    public async Task Claim_TakesHigherPriorityFirstThenFifo()
    {
        await SeedTasksAsync("i-tasks",
        [
            Task("search-1", "search", T0, priority: 0),
            Task("download-1", "download", T0.AddSeconds(2), priority: 10),
            Task("search-2", "search", T0.AddSeconds(1), priority: 0),
            Task("download-2", "download", T0.AddSeconds(3), priority: 10),
        ]);

        var result = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(5), "node-a", 10, "search", "download"));

        Assert.Equal(["download-1", "download-2", "search-1", "search-2"], result.Tasks.Select(t => t.Id));
        Assert.All(result.Tasks, t =>
        {
            Assert.Equal(TaskState.Running, t.State);
            Assert.Equal("node-a", t.LeaseOwner);
            Assert.Equal(T0.AddSeconds(35), t.LeaseExpiresAt);
        });
        Assert.Empty((await Store.ClaimTasksAsync(Claim(T0.AddSeconds(6), "node-b", 10, "search", "download"))).Tasks);
    }

    [StoreFact]
    public async Task Claim_TakesTheFirstInOrderAcrossQueues_AndAnExpiredLease_SkippingWhatIsNotDue()
    {
        await SeedTasksAsync("i-tasks", [Task("orphan", "a", T0)]);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "a"))).Tasks);
        await SeedTasksAsync("i-tasks",
        [
            Task("a-1", "a", T0.AddSeconds(1)),
            Task("a-2", "a", T0.AddSeconds(2)),
            Task("a-later", "a", T0.AddSeconds(3), priority: 9) with { NotBefore = T0.AddSeconds(100) },
            Task("b-old", "b", T0.AddSeconds(1.5)),
            Task("b-urgent", "b", T0.AddSeconds(4), priority: 5),
        ], create: false);

        // At 31 s node-a's lease on "orphan" has expired: it is due again, in its original place by age.
        var first = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(31), "node-b", 3, "a", "b"));
        var rest = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(31), "node-b", 10, "a", "b"));

        Assert.Equal(["b-urgent", "orphan", "a-1"], first.Tasks.Select(t => t.Id));
        Assert.Equal(["b-old", "a-2"], rest.Tasks.Select(t => t.Id));
    }

    [StoreFact]
    public async Task Claim_WhenWindowFull_DefersUntilOldestGrantExpires()
    {
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, 5).Select(n => Task($"t{n}", "q", T0.AddMilliseconds(n))).ToList());
        var limit = new RateLimitSpec("service", 2, TimeSpan.FromSeconds(10), Hold: TimeSpan.Zero);
        var start = T0.AddSeconds(1);

        var first = await Store.ClaimTasksAsync(Claim(start, "node-a", 5, "q") with { Limit = limit });
        var second = await Store.ClaimTasksAsync(Claim(start.AddSeconds(4), "node-a", 5, "q") with { Limit = limit });
        var third = await Store.ClaimTasksAsync(Claim(start.AddSeconds(10), "node-a", 5, "q") with { Limit = limit });

        Assert.Equal(["t0", "t1"], first.Tasks.Select(t => t.Id));
        Assert.Equal(start.AddSeconds(10), first.NextPermitAt);
        Assert.All(first.Tasks, t => Assert.Equal(start, t.PermitGrantedAt));
        Assert.Empty(second.Tasks);
        Assert.Equal(start.AddSeconds(10), second.NextPermitAt);
        Assert.Equal(["t2", "t3"], third.Tasks.Select(t => t.Id));
        Assert.Equal([start.AddSeconds(10), start.AddSeconds(10)], await Store.ListGrantsAsync("service", start.AddSeconds(10), TimeSpan.FromSeconds(10)));
    }

    [StoreFact]
    public async Task Claim_CountsAHeldPermitUntilItsHoldEnds_AndAReleasedOneFromItsAnswer()
    {
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, 3).Select(n => Task($"t{n}", "q", T0.AddMilliseconds(n))).ToList());
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));
        var start = T0.AddSeconds(1);
        ClaimRequest At(DateTimeOffset now) => Claim(now, "node-a", 5, "q") with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) };

        var first = await Store.ClaimTasksAsync(At(start));
        // Unanswered, the request may still be on its way: the permit counts until its hold ends plus a window.
        var whileHeld = await Store.ClaimTasksAsync(At(start.AddSeconds(12)));
        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = "t0",
            Owner = "node-a",
            Resolution = TaskResolution.Completed,
            Now = start.AddSeconds(15),
            PermitReleasedAt = start.AddSeconds(13),
        }));
        var afterAnswer = await Store.ClaimTasksAsync(At(start.AddSeconds(22)));
        var windowAfterAnswer = await Store.ClaimTasksAsync(At(start.AddSeconds(23)));

        Assert.Equal(["t0"], first.Tasks.Select(t => t.Id));
        Assert.Equal(start.AddSeconds(40), first.NextPermitAt);
        Assert.Empty(whileHeld.Tasks);
        Assert.Equal(start.AddSeconds(40), whileHeld.NextPermitAt);
        Assert.Empty(afterAnswer.Tasks);
        Assert.Equal(start.AddSeconds(23), afterAnswer.NextPermitAt);
        Assert.Equal(["t1"], windowAfterAnswer.Tasks.Select(t => t.Id));
    }

    [StoreFact]
    public async Task Claim_WithALookahead_GrantsAheadOfTheFreePermit_StampedWithTheTimeItFreesUp()
    {
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, 3).Select(n => Task($"t{n}", "q", T0.AddMilliseconds(n))).ToList());
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(10), Hold: TimeSpan.Zero, Lookahead: TimeSpan.FromSeconds(2));
        var start = T0.AddSeconds(1);
        ClaimRequest At(DateTimeOffset now) => Claim(now, "node-a", 5, "q") with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) };

        var first = await Store.ClaimTasksAsync(At(start));
        var tooEarly = await Store.ClaimTasksAsync(At(start.AddSeconds(7)));
        var ahead = await Store.ClaimTasksAsync(At(start.AddSeconds(8)));
        var afterAhead = await Store.ClaimTasksAsync(At(start.AddSeconds(9)));

        Assert.Equal(start, Assert.Single(first.Tasks).PermitGrantedAt);
        Assert.Equal(start.AddSeconds(8), first.NextPermitAt);
        Assert.Empty(tooEarly.Tasks);
        Assert.Equal(start.AddSeconds(8), tooEarly.NextPermitAt);
        var early = Assert.Single(ahead.Tasks);
        Assert.Equal(("t1", start.AddSeconds(10)), (early.Id, early.PermitGrantedAt));
        Assert.Empty(afterAhead.Tasks);
        Assert.Equal(start.AddSeconds(18), afterAhead.NextPermitAt);
    }

    [StoreFact]
    public async Task ReleasePermit_BeforeTheTaskCompletes_StartsItsWindowAtTheAnswer_Once()
    {
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, 2).Select(n => Task($"t{n}", "q", T0.AddMilliseconds(n))).ToList());
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));
        var start = T0.AddSeconds(1);
        ClaimRequest At(DateTimeOffset now) => Claim(now, "node-a", 5, "q") with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) };

        await Store.ClaimTasksAsync(At(start));
        await Store.ReleasePermitAsync("t0", start, start.AddSeconds(2));
        await Store.ReleasePermitAsync("t0", start, start.AddSeconds(5));
        var justBefore = await Store.ClaimTasksAsync(At(start.AddSeconds(11.9)));
        var atEnd = await Store.ClaimTasksAsync(At(start.AddSeconds(12)));

        Assert.Empty(justBefore.Tasks);
        Assert.Equal(start.AddSeconds(12), justBefore.NextPermitAt);
        Assert.Equal(["t1"], atEnd.Tasks.Select(t => t.Id));
    }

    [StoreFact]
    public async Task Claim_AfterAHolderDies_ItsUnreleasedPermitCountsUntilGrantPlusHoldPlusWindow()
    {
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, 2).Select(n => Task($"t{n}", "q", T0.AddMilliseconds(n))).ToList());
        var limit = new RateLimitSpec("service", 1, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));
        var start = T0.AddSeconds(1);

        await Store.ClaimTasksAsync(Claim(start, "node-a", 1, "q") with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) });
        var justBefore = await Store.ClaimTasksAsync(Claim(start.AddSeconds(39.9), "node-b", 1, "q") with { Limit = limit });
        var atEnd = await Store.ClaimTasksAsync(Claim(start.AddSeconds(40), "node-b", 1, "q") with { Limit = limit });

        Assert.Empty(justBefore.Tasks);
        Assert.Equal(["t1"], atEnd.Tasks.Select(t => t.Id));
    }

    [StoreFact]
    public async Task Complete_ReleasesOnlyItsOwnAttemptsPermit_NotOneAnEarlierHolderMayStillUse()
    {
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, 3).Select(n => Task($"t{n}", "q", T0.AddMilliseconds(n))).ToList());
        var limit = new RateLimitSpec("service", 2, TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(30));
        var start = T0.AddSeconds(1);

        // node-a stalls past its 5 s lease; node-b takes t0 over with a second permit and finishes it.
        await Store.ClaimTasksAsync(Claim(start, "node-a", 1, "q") with { Limit = limit, LeaseDuration = TimeSpan.FromSeconds(5) });
        var takeover = await Store.ClaimTasksAsync(Claim(start.AddSeconds(6), "node-b", 1, "q") with { Limit = limit });
        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = "t0",
            Owner = "node-b",
            Resolution = TaskResolution.Completed,
            Now = start.AddSeconds(7),
            PermitReleasedAt = start.AddSeconds(7),
        }));
        var oneFree = await Store.ClaimTasksAsync(Claim(start.AddSeconds(17), "node-b", 5, "q") with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) });
        var full = await Store.ClaimTasksAsync(Claim(start.AddSeconds(18), "node-b", 5, "q") with { Limit = limit });

        Assert.Equal(["t0"], takeover.Tasks.Select(t => t.Id));
        Assert.Equal(["t1"], oneFree.Tasks.Select(t => t.Id));
        Assert.Empty(full.Tasks);
        Assert.Equal(start.AddSeconds(40), full.NextPermitAt);
    }

    [StoreFact]
    public async Task Claim_SharedLimitAcrossQueues_NeverExceedsPermitsInAnyWindow()
    {
        var tasks = Enumerable.Range(0, 20).Select(n => Task($"t{n:00}", n % 2 == 0 ? "search" : "download", T0.AddMilliseconds(n), priority: n % 2)).ToList();
        await SeedTasksAsync("i-tasks", tasks);
        var limit = new RateLimitSpec("exchange", 3, TimeSpan.FromSeconds(10), Hold: TimeSpan.Zero);
        var grants = new List<DateTimeOffset>();

        for (var second = 0; second < 70; second++)
        {
            var now = T0.AddSeconds(second);
            foreach (var queue in new[] { "search", "download" })
            {
                var result = await Store.ClaimTasksAsync(Claim(now, "node-a", 2, queue) with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) });
                grants.AddRange(result.Tasks.Select(t => t.PermitGrantedAt!.Value));
            }
        }

        Assert.Equal(20, grants.Count);
        Assert.Equal(3, MaxInAnyWindow(grants, limit.Window));
    }

    [StoreFact]
    public async Task Claim_WithAWeightBudget_NeverClaimsMoreWeightThanIsFree()
    {
        await SeedTasksAsync("i-tasks", [Task("big-1", "convert", T0, weight: 600), Task("big-2", "convert", T0.AddMilliseconds(1), weight: 600), Task("small", "convert", T0.AddMilliseconds(2), weight: 300)]);

        var result = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(1), "node-a", 8, "convert") with { WeightAvailable = 1000 });

        // The claim stops at big-2 (400 left, it needs 600): "small" behind it may not overtake, or heavy tasks would starve.
        Assert.Equal(["big-1"], result.Tasks.Select(t => t.Id));
        var next = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(2), "node-a", 8, "convert") with { WeightAvailable = 1200 });
        Assert.Equal(["big-2", "small"], next.Tasks.Select(t => t.Id));
    }

    [StoreFact]
    public async Task Claim_ATaskWhoseLeaseExpired_IsReclaimedByAnotherOwner()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0)]);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"))).Tasks);

        var whileLive = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(29), "node-b", 1, "q"));
        var afterExpiry = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(31), "node-b", 1, "q"));

        Assert.Empty(whileLive.Tasks);
        Assert.Equal("node-b", Assert.Single(afterExpiry.Tasks).LeaseOwner);
        Assert.False(await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "node-a", Resolution = TaskResolution.Completed, Now = T0.AddSeconds(32) }));
        Assert.Equal(["t1"], await Store.RenewTaskLeasesAsync("node-a", ["t1"], T0.AddSeconds(32), Lease));
        Assert.Empty(await Store.RenewTaskLeasesAsync("node-b", ["t1"], T0.AddSeconds(32), Lease));
    }

    [StoreFact]
    public async Task Claim_WhenNothingIsDue_ReportsWhenTheNextTaskIs()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0) with { NotBefore = T0.AddMinutes(3) }, Task("t2", "q", T0) with { NotBefore = T0.AddMinutes(2) }]);

        var result = await Store.ClaimTasksAsync(Claim(T0, "node-a", 5, "q"));

        Assert.Empty(result.Tasks);
        Assert.Null(result.NextPermitAt);
        Assert.Equal(T0.AddMinutes(2), result.NextTaskAt);
        Assert.Equal(new QueueBacklog(0, T0.AddMinutes(2)), (await Store.SummarizeQueuesAsync("node-a", T0))["q"]);
        Assert.Equal(new QueueBacklog(2, null), (await Store.SummarizeQueuesAsync("node-a", T0.AddMinutes(3)))["q"]);
    }

    [StoreFact]
    public async Task CompleteTaskAndLease_OfAFreeInstance_LeasesItWithItsDueWorkAndTheResume_AndNoOtherNodeCanTakeIt()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0)]);
        await Store.AddWorkItemsAsync([WorkItem("w-due", "i-tasks", T0.AddSeconds(1), WorkItemKind.Resume), WorkItem("w-later", "i-tasks", T0.AddMinutes(5), WorkItemKind.Resume)]);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"))).Tasks);

        var result = await Store.CompleteTaskAndLeaseAsync(Resumed("t1", "i-tasks", T0.AddSeconds(2)) with { LeaseInstanceFor = Lease });

        Assert.True(result.Recorded);
        Assert.Equal("i-tasks", result.Leased!.Instance.Id);
        Assert.Equal(["w-due", "resume-t1"], result.Leased.WorkItems.Select(w => w.Id));
        Assert.Equal(TaskState.Completed, (await Store.FindTaskAsync("t1"))!.State);
        var second = CreateSecondNode();
        Assert.Null(await second.LeaseInstanceAsync("i-tasks", "node-b", T0.AddSeconds(31), Lease));
        Assert.Empty(await second.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(31), Lease, 10));
        Assert.Equal(["resume-t1", "w-due"], (await second.LeaseInstanceAsync("i-tasks", "node-b", T0.AddSeconds(33), Lease))!.WorkItems.Select(w => w.Id).Order());
        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CommitBurstAsync(new BurstCommit { Instance = result.Leased.Instance, LeaseOwner = "node-a", ConsumedWorkItemIds = ["w-due", "resume-t1"] }));
    }

    [StoreFact]
    public async Task CompleteTaskAndLease_OfAnInstanceAnotherNodeHolds_OnlyAddsTheResume_AndALostTaskLeasesNothing()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0), Task("t2", "q", T0)]);
        Assert.Equal(2, (await Store.ClaimTasksAsync(Claim(T0, "node-a", 2, "q"))).Tasks.Count);
        var second = CreateSecondNode();
        await Store.AddWorkItemsAsync([WorkItem("w-due", "i-tasks", T0, WorkItemKind.Resume)]);
        Assert.NotNull(await second.LeaseInstanceAsync("i-tasks", "node-b", T0, Lease));

        var whileHeld = await Store.CompleteTaskAndLeaseAsync(Resumed("t1", "i-tasks", T0.AddSeconds(1)) with { LeaseInstanceFor = Lease });
        var lost = await Store.CompleteTaskAndLeaseAsync(Resumed("t2", "i-tasks", T0.AddSeconds(1)) with { Owner = "node-c", LeaseInstanceFor = Lease });
        var withoutAsking = await Store.CompleteTaskAndLeaseAsync(Resumed("t2", "i-tasks", T0.AddSeconds(31)));

        Assert.Equal(new TaskCompletionResult(true, null), whileHeld);
        Assert.Equal(new TaskCompletionResult(false, null), lost);
        Assert.Equal(new TaskCompletionResult(true, null), withoutAsking);
        Assert.Equal(["resume-t1", "resume-t2", "w-due"], (await Store.LeaseInstanceAsync("i-tasks", "node-a", T0.AddSeconds(31), Lease))!.WorkItems.Select(w => w.Id).Order());
    }

    [StoreFact]
    public async Task CompleteTaskAndLease_WithAResumedBurst_CommitsItWithTheTask_WithoutAResumeItemOrALease_WhereTheStoreCan()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0)]);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"))).Tasks);
        var committed = 0;
        LeasedInstance? given = null;
        var now = T0.AddSeconds(2);

        var result = await Store.CompleteTaskAndLeaseAsync(Resumed("t1", "i-tasks", now) with
        {
            LeaseInstanceFor = Lease,
            RunResumedBurst = (leased, _) =>
            {
                given = leased;
                return System.Threading.Tasks.Task.FromResult<PreparedBurst?>(new PreparedBurst(
                    new BurstCommit
                    {
                        Instance = leased.Instance with { State = """{"after":"t1"}""", UpdatedAt = now },
                        Previous = leased.Instance,
                        LeaseOwner = "node-a",
                        ConsumedWorkItemIds = [leased.WorkItems[0].Id],
                        NewTasks = [Task("t2", "q", now)],
                        ReleaseLease = true,
                    },
                    () =>
                    {
                        committed++;
                        return System.Threading.Tasks.Task.CompletedTask;
                    }));
            },
        });

        Assert.True(result.Recorded);
        Assert.Equal(TaskState.Completed, (await Store.FindTaskAsync("t1"))!.State);
        var second = CreateSecondNode();
        if (CommitsResumedBurstsWithTheirTask)
        {
            Assert.Equal(["resume-t1"], given!.WorkItems.Select(w => w.Id));
            Assert.Null(result.Leased);
            Assert.Equal(0, committed);
            Assert.NotNull(result.Burst);
            Assert.Equal("""{"after":"t1"}""", (await Store.FindInstanceAsync("i-tasks"))!.State);
            Assert.Equal(TaskState.Pending, (await Store.FindTaskAsync("t2"))!.State);

            // Nothing is left to resume, and no lease stops another node from taking the instance's next work.
            Assert.Null(await Store.NextWorkItemAtAsync());
            Assert.NotNull(await second.LeaseInstanceAsync("i-tasks", "node-b", now, Lease));
        }
        else
        {
            Assert.Null(given);
            Assert.Null(result.Burst);
            Assert.Equal(["resume-t1"], result.Leased!.WorkItems.Select(w => w.Id));
            Assert.Null(await Store.FindTaskAsync("t2"));
            Assert.Null(await second.LeaseInstanceAsync("i-tasks", "node-b", now, Lease));
        }
    }

    [StoreFact]
    public async Task CompleteTaskAndLease_WithAResumedBurst_RunsItOnlyWhenTheResumeIsTheOnlyDueWorkOfAFreeInstance()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0), Task("t2", "q", T0)]);
        Assert.Equal(2, (await Store.ClaimTasksAsync(Claim(T0, "node-a", 2, "q"))).Tasks.Count);
        await Store.AddWorkItemsAsync([WorkItem("w-due", "i-tasks", T0.AddSeconds(1), WorkItemKind.Resume)]);
        var runs = 0;
        ResumedBurstRunner runner = (_, _) =>
        {
            runs++;
            return System.Threading.Tasks.Task.FromResult<PreparedBurst?>(null);
        };

        // Another due item goes first, through the hand-over.
        var behindOther = await Store.CompleteTaskAndLeaseAsync(Resumed("t1", "i-tasks", T0.AddSeconds(2)) with { LeaseInstanceFor = Lease, RunResumedBurst = runner });
        // The instance is now this node's, so the next completion only adds its resume.
        var whileHeld = await Store.CompleteTaskAndLeaseAsync(Resumed("t2", "i-tasks", T0.AddSeconds(3)) with { LeaseInstanceFor = Lease, RunResumedBurst = runner });

        Assert.Equal(0, runs);
        Assert.Equal(["w-due", "resume-t1"], behindOther.Leased!.WorkItems.Select(w => w.Id));
        Assert.Equal(new TaskCompletionResult(true, null), whileHeld);
    }

    [StoreFact]
    public async Task CompleteTaskAndLease_WhoseResumedBurstCannotBeWritten_WritesNothing_AndTheCompletionAloneSucceedsAfterwards()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0)]);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"))).Tasks);
        var now = T0.AddSeconds(2);
        var completion = Resumed("t1", "i-tasks", now) with { LeaseInstanceFor = Lease };

        var failing = completion with { RunResumedBurst = EnqueuingATakenTaskId("t1", now) };
        if (CommitsResumedBurstsWithTheirTask)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Store.CompleteTaskAndLeaseAsync(failing));
            Assert.Equal(TaskState.Running, (await Store.FindTaskAsync("t1"))!.State);
            Assert.Null(await Store.NextWorkItemAtAsync());
            Assert.NotEqual("""{"after":"t1"}""", (await Store.FindInstanceAsync("i-tasks"))!.State);
        }

        var alone = await Store.CompleteTaskAndLeaseAsync(completion);

        Assert.True(alone.Recorded);
        Assert.Equal(["resume-t1"], alone.Leased!.WorkItems.Select(w => w.Id));
    }

    /// <summary>
    /// A resumed burst that enqueues a task under the id of <paramref name="takenTaskId"/> (with a key of its own, which the
    /// store would otherwise skip as enqueued before): the database refuses it, and with it the task's completion.
    /// </summary>
    protected static ResumedBurstRunner EnqueuingATakenTaskId(string takenTaskId, DateTimeOffset now) =>
        (leased, _) => System.Threading.Tasks.Task.FromResult<PreparedBurst?>(new PreparedBurst(
            new BurstCommit
            {
                Instance = leased.Instance with { State = $$"""{"after":"{{takenTaskId}}"}""", UpdatedAt = now },
                LeaseOwner = "node-a",
                ConsumedWorkItemIds = [leased.WorkItems[0].Id],
                NewTasks = [Task(takenTaskId, "q", now) with { InstanceId = leased.Instance.Id, IdempotencyKey = $"{leased.Instance.Id}:another" }],
                ReleaseLease = true,
            },
            () => System.Threading.Tasks.Task.CompletedTask));

    /// <summary>A task's successful completion with the work item that resumes its instance at <paramref name="now"/>.</summary>
    protected static TaskCompletion Resumed(string taskId, string instanceId, DateTimeOffset now) => new()
    {
        TaskId = taskId,
        Owner = "node-a",
        Resolution = TaskResolution.Completed,
        Now = now,
        Result = "{}",
        ResumeWorkItem = WorkItem($"resume-{taskId}", instanceId, now, WorkItemKind.Resume),
    };

    [StoreFact]
    public async Task SummarizeQueues_CountsExpiredLeasesAsReady_AndWaitsOnlyForOtherNodesLeases()
    {
        await SeedTasksAsync("i-sum", [Task("t1", "q", T0), Task("t2", "q", T0), Task("t3", "q", T0), Task("t4", "other", T0)]);
        Assert.Equal(2, (await Store.ClaimTasksAsync(Claim(T0, "node-a", 2, "q"))).Tasks.Count);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "other"))).Tasks);
        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "t4", Owner = "node-a", Resolution = TaskResolution.Completed, Now = T0 }));

        var ownView = await Store.SummarizeQueuesAsync("node-a", T0.AddSeconds(1));
        var otherView = await Store.SummarizeQueuesAsync("node-b", T0.AddSeconds(1));
        var afterExpiry = await Store.SummarizeQueuesAsync("node-b", T0.AddSeconds(30));

        Assert.Equal(["q"], ownView.Keys);
        Assert.Equal(new QueueBacklog(1, null), ownView["q"]);
        Assert.Equal(new QueueBacklog(1, T0.AddSeconds(30)), otherView["q"]);
        Assert.Equal(new QueueBacklog(3, null), afterExpiry["q"]);
    }

    [StoreFact]
    public async Task PeekQueues_AgreesWithTheSummary_OnWhetherATaskIsDueAndWhenTheNextIs()
    {
        await SeedTasksAsync("i-peek", [
            Task("t1", "q", T0), Task("t2", "q", T0), Task("t3", "q", T0),
            Task("t4", "later", T0) with { NotBefore = T0.AddMinutes(3) }, Task("t5", "later", T0) with { NotBefore = T0.AddMinutes(2) },
            Task("t6", "unasked", T0)]);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"))).Tasks);

        var own = await Store.PeekQueuesAsync("node-a", T0.AddSeconds(1), ["q", "later", "empty"]);
        var other = await Store.PeekQueuesAsync("node-b", T0.AddSeconds(1), ["q", "later"]);
        var atLater = await Store.PeekQueuesAsync("node-a", T0.AddMinutes(2), ["later"]);

        Assert.Equal(["later", "q"], own.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new QueueBacklog(1, null), own["q"]);
        Assert.Equal(new QueueBacklog(0, T0.AddMinutes(2)), own["later"]);
        Assert.Equal(new QueueBacklog(1, T0.AddSeconds(30)), other["q"]);
        Assert.Equal(new QueueBacklog(1, T0.AddMinutes(3)), atLater["later"]);
        Assert.Empty(await Store.PeekQueuesAsync("node-a", T0, []));
    }

    [StoreFact]
    public async Task CompleteTask_WithAResumeWorkItem_MakesTheInstanceRunnable()
    {
        await SeedTasksAsync("i1", [Task("t1", "q", T0, instanceId: "i1")]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"));

        var done = await Store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = "t1",
            Owner = "node-a",
            Resolution = TaskResolution.Completed,
            Now = T0.AddSeconds(1),
            Result = "{\"ok\":true}",
            ResumeWorkItem = WorkItem("w-resume", "i1", T0.AddSeconds(1), WorkItemKind.Resume) with { BookmarkId = "bm-t1", Payload = "{\"ok\":true}" },
        });

        Assert.True(done);
        var task = await Store.FindTaskAsync("t1");
        Assert.Equal(TaskState.Completed, task!.State);
        Assert.Equal(1, task.Attempts);
        Assert.Equal("{\"ok\":true}", task.Result);
        Assert.Null(task.LeaseOwner);
        var resumed = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(1), Lease, 10));
        Assert.Equal("bm-t1", Assert.Single(resumed.WorkItems).BookmarkId);
        Assert.False(await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "node-a", Resolution = TaskResolution.Completed, Now = T0.AddSeconds(2) }));
    }

    [StoreFact]
    public async Task CompleteTask_Rescheduled_ReturnsToPendingAtNotBefore()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0)]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"));

        await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "node-a", Resolution = TaskResolution.Rescheduled, Now = T0, NotBefore = T0.AddSeconds(8), Error = "503" });
        await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "t1", Owner = "node-a", Resolution = TaskResolution.Failed, Now = T0 });

        var task = await Store.FindTaskAsync("t1");
        Assert.Equal(TaskState.Pending, task!.State);
        Assert.Equal(T0.AddSeconds(8), task.NotBefore);
        Assert.Equal(1, task.Attempts);
        Assert.Equal("503", task.Error);
        Assert.Empty((await Store.ClaimTasksAsync(Claim(T0.AddSeconds(7), "node-a", 1, "q"))).Tasks);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0.AddSeconds(8), "node-a", 1, "q"))).Tasks);
    }

    [StoreFact]
    public async Task Claim_ATaskThatBackedOff_KeepsItsPlaceInLine_OnceItIsDue()
    {
        await SeedTasksAsync("i-tasks", [Task("first", "q", T0)]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"));
        await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "first", Owner = "node-a", Resolution = TaskResolution.Rescheduled, Now = T0, NotBefore = T0.AddSeconds(5) });
        await SeedTasksAsync("i-tasks", [Task("second", "q", T0.AddSeconds(1))], create: false);

        var claimed = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(5), "node-a", 1, "q"));

        Assert.Equal("first", Assert.Single(claimed.Tasks).Id);
    }

    [StoreFact]
    public async Task CommitBurst_WithANewTaskOnTheKeyOfAFailedOne_KeepsTheFailedOne()
    {
        await SeedTasksAsync("i1", [Task("t1", "q", T0, instanceId: "i1")]);
        await FinishAsync("t1", TaskResolution.Failed, T0);

        await SeedTasksAsync("i1", [Task("t2", "q", T0.AddSeconds(1), instanceId: "i1") with { IdempotencyKey = "i1:t1" }], create: false);

        var only = Assert.Single(await Store.ListTasksAsync("i1"));
        Assert.Equal(("t1", TaskState.Failed), (only.Id, only.State));
    }

    [StoreFact]
    public async Task CommitBurst_RetriedTasks_ReopenFinishedOnesInPlace_KeepLiveOnes_AndInsertNewOnes()
    {
        await SeedTasksAsync("i1", [Task("t1", "q", T0, instanceId: "i1"), Task("t2", "q", T0, instanceId: "i1"), Task("t3", "other", T0, instanceId: "i1")]);
        await FinishAsync("t1", TaskResolution.Failed, T0.AddSeconds(1));
        await FinishAsync("t2", TaskResolution.Completed, T0.AddSeconds(1));
        var retryAt = T0.AddHours(1);
        string[] ids = ["t1", "t2", "t3", "t4"];
        var again = ids
            .Select(id => Task($"{id}-again", "q", retryAt, instanceId: "i1") with { IdempotencyKey = $"i1:{id}", Deadline = retryAt.AddHours(6), Input = "{\"n\":2}" })
            .ToList();

        await CommitAsync("i1", retried: again);

        var tasks = (await Store.ListTasksAsync("i1")).ToDictionary(t => t.IdempotencyKey);
        Assert.Equal(4, tasks.Count);
        string[] reopenedKeys = ["i1:t1", "i1:t2"];
        foreach (var key in reopenedKeys)
        {
            var reopened = tasks[key];
            Assert.Equal(key[3..], reopened.Id);
            Assert.Equal((TaskState.Pending, 0, retryAt, retryAt.AddHours(6)), (reopened.State, reopened.Attempts, reopened.NotBefore, reopened.Deadline));
            Assert.Equal(("{\"n\":2}", (string?)null, (string?)null, (DateTimeOffset?)null), (reopened.Input, reopened.Result, reopened.Error, reopened.CompletedAt));
        }

        Assert.Equal(("t3", TaskState.Pending, T0, "{}"), (tasks["i1:t3"].Id, tasks["i1:t3"].State, tasks["i1:t3"].NotBefore, tasks["i1:t3"].Input));
        Assert.Equal("t4-again", tasks["i1:t4"].Id);
        Assert.Empty((await Store.ClaimTasksAsync(Claim(retryAt.AddMilliseconds(-1), "node-a", 10, "q"))).Tasks);
        Assert.Equal(["t1", "t2", "t4-again"], (await Store.ClaimTasksAsync(Claim(retryAt, "node-a", 10, "q"))).Tasks.Select(t => t.Id).Order());
    }

    [StoreFact]
    public async Task FanOut_RepeatedAfterARetry_CountsCompletedItems_AndReopensFailedOnesInTheNewGroup()
    {
        await SeedTasksAsync("i1", [Task("parent", "extract", T0, instanceId: "i1")]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "extract"));
        await FanOutAsync("g1", "parent", T0, ["item-0", "item-1", "item-2"]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 3, "convert"));
        await FinishAsync("item-0", TaskResolution.Completed, T0.AddSeconds(1), "g1");
        await FinishAsync("item-1", TaskResolution.Failed, T0.AddSeconds(1), "g1");
        await FinishAsync("item-2", TaskResolution.Failed, T0.AddSeconds(1), "g1");
        await ConsumeWorkAsync("i1", T0.AddSeconds(1));
        var retryAt = T0.AddHours(1);

        await CommitAsync("i1", retried: [Task("parent-again", "extract", retryAt, instanceId: "i1") with { IdempotencyKey = "i1:parent" }]);
        Assert.Equal("parent", Assert.Single((await Store.ClaimTasksAsync(Claim(retryAt, "node-a", 1, "extract"))).Tasks).Id);
        await FanOutAsync("g2", "parent", retryAt, ["item-0", "item-1", "item-2"], idSuffix: "-again");

        var group = await Store.FindTaskGroupAsync("g2");
        Assert.Equal((3, 1, 0), (group!.Total, group.Succeeded, group.Failed));
        var items = (await Store.ListTasksAsync("i1")).Where(t => t.Id != "parent").OrderBy(t => t.Id).ToList();
        Assert.Equal(["item-0", "item-1", "item-2"], items.Select(t => t.Id));
        Assert.Equal(TaskState.Completed, items[0].State);
        Assert.All(items.Skip(1), t => Assert.Equal(("g2", TaskState.Pending, 0, retryAt.AddHours(6)), (t.GroupId, t.State, t.Attempts, t.Deadline)));
        Assert.Empty(await Store.LeaseRunnableInstancesAsync("node-a", retryAt, Lease, 10));

        var claimed = (await Store.ClaimTasksAsync(Claim(retryAt, "node-a", 3, "convert"))).Tasks;
        Assert.Equal(["item-1", "item-2"], claimed.Select(t => t.Id).Order());
        await FinishAsync("item-1", TaskResolution.Completed, retryAt.AddSeconds(1), "g2");
        await FinishAsync("item-2", TaskResolution.Completed, retryAt.AddSeconds(1), "g2");
        Assert.Equal((3, 0), ((await Store.FindTaskGroupAsync("g2"))!.Succeeded, (await Store.FindTaskGroupAsync("g2"))!.Failed));
        var resumed = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", retryAt.AddSeconds(1), Lease, 10));
        Assert.Equal("w-group-g2", Assert.Single(resumed.WorkItems).Id);
    }

    [StoreFact]
    public async Task FanOut_WhoseItemsAllCompletedInAnEarlierFanOut_IsCompleteAtOnce()
    {
        await SeedTasksAsync("i1", [Task("parent", "extract", T0, instanceId: "i1")]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "extract"));
        await FanOutAsync("g1", "parent", T0, ["item-0", "item-1"]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 2, "convert"));
        await FinishAsync("item-0", TaskResolution.Completed, T0.AddSeconds(1), "g1");
        await FinishAsync("item-1", TaskResolution.Completed, T0.AddSeconds(1), "g1");
        await ConsumeWorkAsync("i1", T0.AddSeconds(1));
        await CommitAsync("i1", retried: [Task("parent-again", "extract", T0.AddHours(1), instanceId: "i1") with { IdempotencyKey = "i1:parent" }]);
        await Store.ClaimTasksAsync(Claim(T0.AddHours(1), "node-a", 1, "extract"));

        await FanOutAsync("g2", "parent", T0.AddHours(1), ["item-0", "item-1"], idSuffix: "-again");

        Assert.Equal((2, 2), ((await Store.FindTaskGroupAsync("g2"))!.Total, (await Store.FindTaskGroupAsync("g2"))!.Succeeded));
        Assert.Equal(3, (await Store.ListTasksAsync("i1")).Count);
        var resumed = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0.AddHours(1), Lease, 10));
        Assert.Equal("w-group-g2", Assert.Single(resumed.WorkItems).Id);
    }

    [StoreFact]
    public async Task AddRetryWorkItem_OnlyForARunningInstanceWithAnIncident_AndOneAtATime()
    {
        await Store.CreateInstancesAsync(
            [
                Instance("i-incident", T0) with { SubStatus = WorkflowSubStatus.Faulted, IncidentCount = 1 },
                Instance("i-fine", T0, subStatus: WorkflowSubStatus.Suspended),
                Instance("i-finished", T0, subStatus: WorkflowSubStatus.Faulted) with { IncidentCount = 1 },
            ],
            []);

        Assert.True(await Store.AddRetryWorkItemAsync(WorkItem("w-retry-1", "i-incident", T0, WorkItemKind.Retry)));
        Assert.False(await Store.AddRetryWorkItemAsync(WorkItem("w-retry-2", "i-incident", T0, WorkItemKind.Retry)));
        Assert.False(await Store.AddRetryWorkItemAsync(WorkItem("w-retry-3", "i-fine", T0, WorkItemKind.Retry)));
        Assert.False(await Store.AddRetryWorkItemAsync(WorkItem("w-retry-4", "i-finished", T0, WorkItemKind.Retry)));
        Assert.False(await Store.AddRetryWorkItemAsync(WorkItem("w-retry-5", "i-unknown", T0, WorkItemKind.Retry)));

        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, Lease, 10));
        Assert.Equal(("i-incident", "w-retry-1", WorkItemKind.Retry), (leased.Instance.Id, Assert.Single(leased.WorkItems).Id, leased.WorkItems[0].Kind));
        await Store.CommitBurstAsync(new BurstCommit { Instance = leased.Instance with { IncidentCount = 1 }, LeaseOwner = "node-a", ConsumedWorkItemIds = ["w-retry-1"] });
        Assert.True(await Store.AddRetryWorkItemAsync(WorkItem("w-retry-6", "i-incident", T0.AddSeconds(1), WorkItemKind.Retry)));
    }

    [StoreFact]
    public async Task FanOut_OfThreeThousandItems_LastCompletionCreatesExactlyOneWorkItem()
    {
        const int Items = 3000;
        await SeedTasksAsync("i1", [Task("parent", "extract", T0, instanceId: "i1")]);
        await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "extract"));
        var group = new TaskGroupRecord { Id = "g1", InstanceId = "i1", ActivityId = "convert", BookmarkId = "bm-g1", ParentTaskId = "parent", Total = Items, ActivityState = "{}", CreatedAt = T0 };
        var items = Enumerable.Range(0, Items).Select(n => Task($"item-{n:0000}", "convert", T0.AddMilliseconds(1), instanceId: "i1", groupId: "g1")).ToList();

        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion { TaskId = "parent", Owner = "node-a", Resolution = TaskResolution.FannedOut, Now = T0, FanOut = new TaskFanOut(group, items) }));
        var claimed = (await Store.ClaimTasksAsync(Claim(T0.AddSeconds(1), "node-a", Items, "convert"))).Tasks;
        // Eight workers complete items at once, as a node's slots would: the counter must still see exactly one last item.
        await Parallel.ForEachAsync(claimed.Select((t, n) => (t, n)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, token) =>
        {
            var (task, n) = entry;
            Assert.True(await Store.CompleteTaskAsync(new TaskCompletion
            {
                TaskId = task.Id,
                Owner = "node-a",
                Resolution = n % 100 == 7 ? TaskResolution.Failed : TaskResolution.Completed,
                Error = n % 100 == 7 ? "bad file" : null,
                Now = T0.AddSeconds(2),
                GroupCompletedWorkItem = WorkItem($"w-group-{task.Id}", "i1", T0.AddSeconds(2), WorkItemKind.Resume) with { BookmarkId = "bm-g1" },
            }, token));
        });

        Assert.Equal(Items, claimed.Count);
        var stored = await Store.FindTaskGroupAsync("g1");
        Assert.Equal(Items - 30, stored!.Succeeded);
        Assert.Equal(30, stored.Failed);
        Assert.Equal("bad file", stored.FirstError);
        var resumed = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0.AddSeconds(2), Lease, 10));
        Assert.Equal("bm-g1", Assert.Single(resumed.WorkItems).BookmarkId);
    }

    [StoreFact]
    public async Task Claim_TwoNodesInParallel_NeverDoubleClaimAndNeverExceedTheLimit()
    {
        const int Count = 120;
        await SeedTasksAsync("i-tasks", Enumerable.Range(0, Count).Select(n => Task($"t{n:000}", n % 3 == 0 ? "download" : "search", T0.AddMilliseconds(n), priority: n % 3 == 0 ? 1 : 0)).ToList());
        var nodes = new[] { Store, CreateSecondNode() };
        var limit = new RateLimitSpec("exchange", 10, TimeSpan.FromSeconds(1), Hold: TimeSpan.Zero);
        var claims = new List<TaskRecord>();

        for (var step = 0; step < 150 && claims.Count < Count; step++)
        {
            var now = T0.AddSeconds(1).AddMilliseconds(100 * step);
            var results = await System.Threading.Tasks.Task.WhenAll(nodes.Select((node, n) => System.Threading.Tasks.Task.Run(() =>
                node.ClaimTasksAsync(Claim(now, $"node-{n}", 4, "search", "download") with { Limit = limit, LeaseDuration = TimeSpan.FromHours(1) }))));
            claims.AddRange(results.SelectMany(r => r.Tasks));
        }

        Assert.Equal(Count, claims.Count);
        Assert.Equal(Count, claims.Select(t => t.Id).Distinct().Count());
        Assert.True(MaxInAnyWindow(claims.Select(t => t.PermitGrantedAt!.Value).ToList(), limit.Window) <= limit.Permits);
    }

    // Helpers -------------------------------------------------------------------------------------------------------

    /// <summary>Commits a burst of the instance (given work to lease it by) that enqueues <paramref name="retried"/> as an operator retry.</summary>
    private async Task CommitAsync(string instanceId, IReadOnlyList<TaskRecord> retried)
    {
        var workItemId = $"w-commit-{Guid.NewGuid():N}";
        await Store.AddWorkItemsAsync([WorkItem(workItemId, instanceId, T0, WorkItemKind.Retry)]);
        var leased = await Store.LeaseInstanceAsync(instanceId, "committer", T0, Lease);
        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased!.Instance,
            LeaseOwner = "committer",
            ConsumedWorkItemIds = [workItemId],
            RetriedTasks = retried,
        });
    }

    /// <summary>Resolves a task claimed by node-a; a group item brings its group's completion item, as the worker sends it.</summary>
    private async Task FinishAsync(string taskId, TaskResolution resolution, DateTimeOffset at, string? groupId = null)
    {
        if ((await Store.FindTaskAsync(taskId))!.State != TaskState.Running)
        {
            await Store.ClaimTasksAsync(Claim(at, "node-a", 100, (await Store.FindTaskAsync(taskId))!.Queue));
        }

        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = taskId,
            Owner = "node-a",
            Resolution = resolution,
            Now = at,
            Error = resolution == TaskResolution.Failed ? "boom" : null,
            Result = resolution == TaskResolution.Completed ? "{}" : null,
            GroupCompletedWorkItem = groupId is null ? null : WorkItem($"w-group-{groupId}", "i1", at, WorkItemKind.Resume) with { BookmarkId = "bm-parent" },
        }));
    }

    /// <summary>The claimed parent fans out into <paramref name="groupId"/>: one item per key, due at once, deadline six hours out.</summary>
    private async Task FanOutAsync(string groupId, string parentId, DateTimeOffset at, IReadOnlyList<string> itemKeys, string idSuffix = "")
    {
        var group = new TaskGroupRecord { Id = groupId, InstanceId = "i1", ActivityId = "convert", BookmarkId = "bm-parent", ParentTaskId = parentId, Total = itemKeys.Count, ActivityState = "{}", CreatedAt = at };
        var items = itemKeys.Select(key => Task(key + idSuffix, "convert", at, instanceId: "i1", groupId: groupId) with { IdempotencyKey = $"i1:{key}", Deadline = at.AddHours(6) }).ToList();
        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = parentId,
            Owner = "node-a",
            Resolution = TaskResolution.FannedOut,
            Now = at,
            FanOut = new TaskFanOut(group, items),
            GroupCompletedWorkItem = WorkItem($"w-group-{groupId}", "i1", at, WorkItemKind.Resume) with { BookmarkId = "bm-parent" },
        }));
    }

    /// <summary>Runs (and empties) the instance's available work the way a burst consumes it.</summary>
    private async Task ConsumeWorkAsync(string instanceId, DateTimeOffset at)
    {
        var leased = (await Store.LeaseRunnableInstancesAsync("consumer", at, Lease, 100)).Single(l => l.Instance.Id == instanceId);
        await Store.CommitBurstAsync(new BurstCommit { Instance = leased.Instance, LeaseOwner = "consumer", ConsumedWorkItemIds = leased.WorkItems.Select(w => w.Id).ToList() });
    }

    /// <summary>Tasks enter the store through a burst, as the engine enqueues them.</summary>
    protected async Task SeedTasksAsync(string instanceId, IReadOnlyList<TaskRecord> tasks, bool create = true)
    {
        var workItemId = $"w-seed-{Guid.NewGuid():N}";
        if (create)
        {
            await Store.CreateInstancesAsync([Instance(instanceId, T0)], [WorkItem(workItemId, instanceId, T0)]);
        }
        else
        {
            await Store.AddWorkItemsAsync([WorkItem(workItemId, instanceId, T0)]);
        }

        var leased = (await Store.LeaseRunnableInstancesAsync("seeder", T0, Lease, 100)).Single(l => l.Instance.Id == instanceId);
        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Suspended },
            LeaseOwner = "seeder",
            ConsumedWorkItemIds = leased.WorkItems.Select(w => w.Id).ToList(),
            NewTasks = tasks.Select(t => t with { InstanceId = instanceId }).ToList(),
            NewBookmarks = tasks.Where(t => t.GroupId is null).Select(t => new BookmarkRecord
            {
                Id = t.BookmarkId!,
                InstanceId = instanceId,
                ActivityId = t.ActivityId,
                Kind = BookmarkKind.Task,
                Name = t.Id,
                CreatedAt = T0,
            }).ToList(),
        });
    }

    private static JournalRecord Journal(string id, string instanceId, DateTimeOffset at, long sequence) => new()
    {
        Id = id,
        InstanceId = instanceId,
        ActivityId = "a1",
        ActivityType = "Elsa.WriteLine",
        NodeId = "Workflow1:a1",
        Timestamp = at,
        Sequence = sequence,
        EventName = "Started",
    };

    private static ActivityExecutionRecord Execution(string id, string instanceId, ActivityExecutionStatus status) => new()
    {
        Id = id,
        InstanceId = instanceId,
        ActivityId = "a1",
        ActivityNodeId = "Workflow1:a1",
        ActivityType = "Elsa.WriteLine",
        StartedAt = T0,
        Status = status,
    };
}

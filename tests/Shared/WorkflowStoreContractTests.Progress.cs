using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>Journal positions and the reads the progress streams are made of.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [StoreFact]
    public async Task CommitBurst_GivesJournalRecordsIncreasingPositions_AcrossInstances()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0, definitionId: "orders"), Instance("i2", T0, definitionId: "refunds")], [WorkItem("w1", "i1", T0), WorkItem("w2", "i2", T0)]);
        var empty = await Store.GetJournalHeadAsync();
        await CommitJournalAsync("i1", "w1", Journal("a", "i1", T0, 1), Journal("b", "i1", T0, 2));
        await CommitJournalAsync("i2", "w2", Journal("c", "i2", T0, 1));

        var feed = await Store.ReadJournalFeedAsync(0, null, 10);
        var head = await Store.GetJournalHeadAsync();

        Assert.Equal(0, empty);
        Assert.Equal(["a", "b", "c"], feed.Select(e => e.Record.Id));
        Assert.Equal(["orders", "orders", "refunds"], feed.Select(e => e.DefinitionId));
        var positions = feed.Select(e => e.Record.Position).ToList();
        Assert.True(positions[0] > 0 && positions[0] < positions[1] && positions[1] < positions[2], string.Join(", ", positions));
        Assert.Equal(positions[2], head);
    }

    [StoreFact]
    public async Task ReadJournal_AfterAPosition_PerInstanceAndByDefinition_InPositionOrder()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0, definitionId: "orders"), Instance("i2", T0, definitionId: "refunds")], [WorkItem("w1", "i1", T0), WorkItem("w2", "i2", T0)]);
        await CommitJournalAsync("i1", "w1", Journal("a", "i1", T0, 1));
        await CommitJournalAsync("i2", "w2", Journal("b", "i2", T0, 1));
        await Store.AddWorkItemsAsync([WorkItem("w3", "i1", T0)]);
        // An earlier timestamp does not move a later record ahead: position is commit order.
        await CommitJournalAsync("i1", "w3", Journal("c", "i1", T0.AddSeconds(-5), 1), Journal("d", "i1", T0.AddSeconds(-5), 2));
        var all = await Store.ReadJournalFeedAsync(0, null, 10);

        var i1 = await Store.ReadInstanceJournalAsync("i1", 0, 10);
        var i1AfterFirst = await Store.ReadInstanceJournalAsync("i1", i1[0].Position, 2);
        var orders = await Store.ReadJournalFeedAsync(0, "orders", 10);
        var afterB = await Store.ReadJournalFeedAsync(all[1].Record.Position, null, 1);

        Assert.Equal(["a", "c", "d"], i1.Select(r => r.Id));
        Assert.Equal(["c", "d"], i1AfterFirst.Select(r => r.Id));
        Assert.Equal(["a", "c", "d"], orders.Select(e => e.Record.Id));
        Assert.Equal(["c"], afterB.Select(e => e.Record.Id));
        Assert.Empty(await Store.ReadInstanceJournalAsync("missing", 0, 10));
    }

    [StoreFact]
    public async Task ListJournal_ExcludedEventNames_LeavesThemOut()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        await CommitJournalAsync("i1", "w1", Journal("a", "i1", T0, 1), Journal("b", "i1", T0, 2) with { EventName = JournalEvents.WorkflowSuspended });

        var page = await Store.ListJournalAsync("i1", new JournalFilter { ExcludedEventNames = JournalEvents.NotInElsaJournal }, 0, 10);

        Assert.Equal(["a"], page.Items.Select(j => j.Id));
        Assert.Equal(1, page.TotalCount);
    }

    [StoreFact]
    public async Task CompleteTask_WithAJournalRecord_JournalsItAfterTheActivitysRecords_TakingItsExecutionAndName()
    {
        await SeedTasksAsync("i-tasks", [Task("t1", "q", T0) with { ActivityId = "fetch", Handler = "Test.Fetch" }]);
        await Store.AddWorkItemsAsync([WorkItem("w1", "i-tasks", T0)]);
        var started = Journal("s", "i-tasks", T0, 1) with { ActivityId = "fetch", ActivityInstanceId = "exec-1", ActivityName = "Fetch it", NodeId = "Workflow1:fetch" };
        await CommitJournalAsync("i-tasks", "w1", started);
        Assert.Single((await Store.ClaimTasksAsync(Claim(T0, "node-a", 1, "q"))).Tasks);
        var retrying = new JournalRecord
        {
            Id = "r",
            InstanceId = "i-tasks",
            ActivityId = "fetch",
            ActivityType = "Test.Fetch",
            NodeId = "",
            Timestamp = T0.AddSeconds(1),
            EventName = JournalEvents.Retrying,
            Message = "503",
        };

        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion
        {
            TaskId = "t1",
            Owner = "node-a",
            Resolution = TaskResolution.Rescheduled,
            Now = T0.AddSeconds(1),
            NotBefore = T0.AddSeconds(2),
            Error = "503",
            Journal = retrying,
        }));

        var journal = await Store.ReadInstanceJournalAsync("i-tasks", 0, 10);
        Assert.Equal(["s", "r"], journal.Select(r => r.Id));
        var record = journal[1];
        Assert.Equal(("exec-1", "Fetch it", "Workflow1:fetch", "Test.Fetch", "503"), (record.ActivityInstanceId, record.ActivityName, record.NodeId, record.ActivityType, record.Message));
        Assert.True(record.Position > journal[0].Position);
    }

    private async Task CommitJournalAsync(string instanceId, string workItemId, params JournalRecord[] journal)
    {
        var leased = await Store.LeaseInstanceAsync(instanceId, "node-a", T0, Lease) ?? throw new InvalidOperationException($"{instanceId} is not leasable.");
        await Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { UpdatedAt = T0 },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = [workItemId],
            Journal = journal,
        });
    }
}

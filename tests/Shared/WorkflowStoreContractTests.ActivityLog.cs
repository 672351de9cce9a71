using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>The activity log: written with each burst, numbered at or after commit, read back in number order.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [StoreFact]
    public async Task CommitBurst_WithActivityLogLines_KeepsThemUnreadUntilNumbered_ThenInCommitOrder()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0), Instance("i2", T0)], [WorkItem("w1", "i1", T0), WorkItem("w2", "i2", T0)]);
        var leased = await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromSeconds(30), 10);
        await CommitLinesAsync(leased.Single(l => l.Instance.Id == "i2"), "w2", Line("i2", "e1", "Started"), Line("i2", "e1", "Completed", "{\"found\":true}"));
        Assert.Equal(NumbersActivityLogOnCommit ? [1L, 2L] : [], (await Store.ReadActivityLogAsync(0, 10)).Select(l => l.Sequence!.Value));

        Assert.Equal(2, await Store.SequenceActivityLogAsync(100));
        await CommitLinesAsync(leased.Single(l => l.Instance.Id == "i1"), "w1", Line("i1", "e2", "Started"));
        var beforeNumbering = await Store.ReadActivityLogAsync(0, 10);
        Assert.Equal(3, await Store.SequenceActivityLogAsync(100));

        Assert.Equal(NumbersActivityLogOnCommit ? [1L, 2L, 3L] : [1L, 2L], beforeNumbering.Select(l => l.Sequence!.Value));
        var all = await Store.ReadActivityLogAsync(0, 10);
        Assert.Equal([(1L, "i2", "Started"), (2L, "i2", "Completed"), (3L, "i1", "Started")], all.Select(l => (l.Sequence!.Value, l.Event.InstanceId, l.Event.Phase)));
        Assert.Equal(Line("i2", "e1", "Completed", "{\"found\":true}"), all[1].Event);
        Assert.Equal([3L], (await Store.ReadActivityLogAsync(2, 10)).Select(l => l.Sequence!.Value));
        Assert.Equal([2L], (await Store.ReadActivityLogAsync(1, 1)).Select(l => l.Sequence!.Value));
        Assert.Equal(3, await Store.SequenceActivityLogAsync(0));
    }

    [StoreFact]
    public async Task SequenceActivityLog_WithAMax_NumbersOnlyThatManyOldestFirst()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromSeconds(30), 10));
        await CommitLinesAsync(leased, "w1", Line("i1", "a", "Started"), Line("i1", "b", "Started"), Line("i1", "c", "Started"));
        if (NumbersActivityLogOnCommit)
        {
            // Nothing is left for a numbering pass: every line has its number, in the order the burst wrote them.
            Assert.Equal(3, await Store.SequenceActivityLogAsync(0));
            Assert.Equal([("a", 1L), ("b", 2L), ("c", 3L)], (await Store.ReadActivityLogAsync(0, 10)).Select(l => (l.Event.ExecutionId, l.Sequence!.Value)));
            return;
        }

        Assert.Equal(0, await Store.SequenceActivityLogAsync(0));
        Assert.Equal(2, await Store.SequenceActivityLogAsync(2));

        Assert.Equal(["a", "b"], (await Store.ReadActivityLogAsync(0, 10)).Select(l => l.Event.ExecutionId));
        Assert.Equal([null, 1L, 2L], (await Store.ListActivityLogAsync("i1")).Select(l => l.Sequence).Order());
        Assert.Equal(3, await Store.SequenceActivityLogAsync(int.MaxValue));
        Assert.Equal(3, await Store.SequenceActivityLogAsync(int.MaxValue));
    }

    [StoreFact]
    public async Task CommitBurst_WhenTheLeaseIsLost_WritesNoActivityLogLine()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var first = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromSeconds(30), 10));
        Assert.Single(await Store.LeaseRunnableInstancesAsync("node-b", T0.AddSeconds(31), TimeSpan.FromSeconds(30), 10));

        await Assert.ThrowsAsync<LeaseLostException>(() => CommitLinesAsync(first, "w1", Line("i1", "e1", "Started")));

        Assert.Equal(0, await Store.SequenceActivityLogAsync(100));
        Assert.Empty(await Store.ListActivityLogAsync("i1"));
    }

    [StoreFact]
    public async Task SequenceActivityLog_FromTwoNodesAtOnce_GivesEveryLineOneDenseNumber()
    {
        var ids = Enumerable.Range(1, 20).Select(i => $"i{i:D2}").ToList();
        await Store.CreateInstancesAsync(ids.Select(id => Instance(id, T0)).ToList(), ids.Select(id => WorkItem($"w-{id}", id, T0)).ToList());
        foreach (var leased in await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromSeconds(30), 20))
        {
            var id = leased.Instance.Id;
            await CommitLinesAsync(leased, $"w-{id}", Enumerable.Range(1, 5).Select(n => Line(id, $"{id}-e{n}", "Started")).ToArray());
        }

        var nodes = new[] { Store, CreateSecondNode() };
        await System.Threading.Tasks.Task.WhenAll(nodes.Select(node => System.Threading.Tasks.Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await node.SequenceActivityLogAsync(7);
            }
        })));

        Assert.Equal(100, await Store.SequenceActivityLogAsync(100));
        var lines = await Store.ReadActivityLogAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), lines.Select(l => l.Sequence!.Value));
        Assert.Equal(100, lines.Select(l => l.Event.ExecutionId).Distinct().Count());
    }

    [StoreFact]
    public async Task CommitBurst_ManyAtOnce_GivesEveryLineOneDenseNumber_InItsBurstsOrder()
    {
        var ids = Enumerable.Range(1, 30).Select(i => $"i{i:D2}").ToList();
        await Store.CreateInstancesAsync(ids.Select(id => Instance(id, T0)).ToList(), ids.Select(id => WorkItem($"w-{id}", id, T0)).ToList());
        var leased = await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromSeconds(30), 30);

        // At once, so a store that groups commits numbers lines of several bursts in one transaction.
        await System.Threading.Tasks.Task.WhenAll(leased.Select(l => System.Threading.Tasks.Task.Run(() =>
            CommitLinesAsync(l, $"w-{l.Instance.Id}", Enumerable.Range(1, 4).Select(n => Line(l.Instance.Id, $"{l.Instance.Id}-e{n}", "Started")).ToArray()))));
        Assert.Equal(120, await Store.SequenceActivityLogAsync(int.MaxValue));

        var lines = await Store.ReadActivityLogAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, 120).Select(n => (long)n), lines.Select(l => l.Sequence!.Value));
        foreach (var burst in lines.GroupBy(l => l.Event.InstanceId))
        {
            Assert.Equal(Enumerable.Range(1, 4).Select(n => $"{burst.Key}-e{n}"), burst.Select(l => l.Event.ExecutionId));
        }
    }

    [StoreFact]
    public async Task ListActivityLog_AfterTheInstanceIsDeleted_StillListsItsLines()
    {
        await Store.CreateInstancesAsync([Instance("i1", T0)], [WorkItem("w1", "i1", T0)]);
        var leased = Assert.Single(await Store.LeaseRunnableInstancesAsync("node-a", T0, TimeSpan.FromSeconds(30), 10));
        await CommitLinesAsync(leased, "w1", Line("i1", "e1", "Started"), Line("i1", "e1", "Faulted", "{\"message\":\"no\"}"));

        Assert.True(await Store.DeleteInstanceAsync("i1"));

        Assert.Equal(["Started", "Faulted"], (await Store.ListActivityLogAsync("i1")).Select(l => l.Event.Phase));
        Assert.Empty(await Store.ListActivityLogAsync("i2"));
    }

    private Task CommitLinesAsync(LeasedInstance leased, string workItemId, params ActivityEvent[] lines) =>
        Store.CommitBurstAsync(new BurstCommit
        {
            Instance = leased.Instance with { SubStatus = WorkflowSubStatus.Suspended },
            LeaseOwner = "node-a",
            ConsumedWorkItemIds = [workItemId],
            ActivityLog = lines,
        });

    private static ActivityEvent Line(string instanceId, string executionId, string phase, string? result = null) => new(
        phase, T0.AddSeconds(1), instanceId, "act", "PatientDocs.GetPatient", "GetPatient", "{\"patientId\":\"P1\",\"note\":\"a, \\\"b\\\"\"}", result, executionId);
}

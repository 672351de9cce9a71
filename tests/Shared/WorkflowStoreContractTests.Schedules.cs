using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>Schedule triggers' durable state: armed once per version, each tick fired by one caller with its instance.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [StoreFact]
    public async Task ArmSchedule_CreatesItOnce_KeepsItForTheSameVersion_AndReArmsItForANewOne()
    {
        var first = await Store.ArmScheduleAsync("arm:cron", "def:1", T0);
        var again = await Store.ArmScheduleAsync("arm:cron", "def:1", T0.AddHours(1));
        var newVersion = await Store.ArmScheduleAsync("arm:cron", "def:2", T0.AddHours(2));

        Assert.Equal(new ScheduleState("arm:cron", "def:1", T0), first);
        Assert.Equal(first, again);
        Assert.Equal(new ScheduleState("arm:cron", "def:2", T0.AddHours(2)), newVersion);
    }

    [StoreFact]
    public async Task FireSchedule_MovesTheTickForwardWithItsInstance_AndRefusesATickNotLaterOrOfAnotherVersion()
    {
        await Store.ArmScheduleAsync("fire:cron", "def:1", T0);
        var tick = new ScheduleState("fire:cron", "def:1", T0.AddMinutes(1));

        var fired = await Store.FireScheduleAsync(tick, Instance("sched-1", T0.AddMinutes(1)), WorkItem("sched-w1", "sched-1", T0.AddMinutes(1)));
        var same = await Store.FireScheduleAsync(tick, Instance("sched-2", T0.AddMinutes(1)), WorkItem("sched-w2", "sched-2", T0.AddMinutes(1)));
        var earlier = await Store.FireScheduleAsync(tick with { LastDueAt = T0.AddSeconds(30) }, Instance("sched-3", T0), WorkItem("sched-w3", "sched-3", T0));
        var otherVersion = await Store.FireScheduleAsync(tick with { DefinitionVersionId = "def:0", LastDueAt = T0.AddMinutes(2) }, Instance("sched-4", T0), WorkItem("sched-w4", "sched-4", T0));

        Assert.Equal((true, false, false, false), (fired, same, earlier, otherVersion));
        Assert.Equal(tick, await Store.ArmScheduleAsync("fire:cron", "def:1", T0.AddHours(1)));
        Assert.NotNull(await Store.FindInstanceAsync("sched-1"));
        Assert.Null(await Store.FindInstanceAsync("sched-2"));
        Assert.Null(await Store.FindInstanceAsync("sched-3"));
        Assert.Null(await Store.FindInstanceAsync("sched-4"));
        var leased = await Store.LeaseRunnableInstancesAsync("node-a", T0.AddMinutes(2), TimeSpan.FromSeconds(30), 10);
        Assert.Equal(["sched-w1"], leased.Where(l => l.Instance.Id.StartsWith("sched-", StringComparison.Ordinal)).SelectMany(l => l.WorkItems).Select(w => w.Id));
    }

    [StoreFact]
    public async Task FireSchedule_FromTwoNodesAtOnce_StartsOneInstancePerTick()
    {
        var other = CreateSecondNode();
        await Store.ArmScheduleAsync("race:timer", "def:1", T0);

        for (var n = 1; n <= 10; n++)
        {
            var tick = new ScheduleState("race:timer", "def:1", T0.AddSeconds(n));
            var results = await System.Threading.Tasks.Task.WhenAll(
                Store.FireScheduleAsync(tick, Instance($"race-a{n}", tick.LastDueAt), WorkItem($"race-wa{n}", $"race-a{n}", tick.LastDueAt)),
                other.FireScheduleAsync(tick, Instance($"race-b{n}", tick.LastDueAt), WorkItem($"race-wb{n}", $"race-b{n}", tick.LastDueAt)));

            Assert.Single(results, fired => fired);
        }

        var ids = Enumerable.Range(1, 10).SelectMany(n => new[] { $"race-a{n}", $"race-b{n}" });
        var created = 0;
        foreach (var id in ids)
        {
            created += await Store.FindInstanceAsync(id) is null ? 0 : 1;
        }

        Assert.Equal(10, created);
    }
}

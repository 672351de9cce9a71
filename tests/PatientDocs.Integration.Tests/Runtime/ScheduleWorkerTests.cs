using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Scheduling;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>Schedule triggers (Cron, Timer, StartAt) on a manual clock: one instance per tick, durable across restarts and nodes; one subclass per store.</summary>
public abstract class ScheduleWorkerTests : OnEachStore
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [StoreFact]
    public async Task Cron_StartsOneInstancePerTick_FromItsTrigger_AndTheInstanceRunsOn()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Scheduled("hourly", A("cron", "Elsa.Cron", ("cronExpression", Lit("0 * * * * *")))));
        var worker = Worker(harness);
        AlignToMinute(harness);

        var first = await worker.RunOnceAsync();
        Assert.Equal(0, await CountAsync("hourly"));
        Assert.Equal(harness.Clock.GetUtcNow() + Minute, first);

        harness.Clock.Advance(Minute);
        await worker.RunOnceAsync();
        await worker.RunOnceAsync();
        await harness.DriveAsync();

        var instance = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery { DefinitionIds = ["hourly"] })).Items);
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["after", "cron"], (await Store.ListActivityExecutionsAsync(instance.Id, null)).Select(e => e.ActivityId).Order(StringComparer.Ordinal));

        harness.Clock.Advance(Minute);
        await worker.RunOnceAsync();
        Assert.Equal(2, await CountAsync("hourly"));
    }

    [StoreFact]
    public async Task TicksMissedWhileNoNodeRan_FireOnceOnStart_NotOncePerTick()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Scheduled("hourly", A("cron", "Elsa.Cron", ("cronExpression", Lit("0 * * * * *")))));
        AlignToMinute(harness);
        await Worker(harness).RunOnceAsync();

        // Down for ten ticks; a new process (a restarted node) picks the schedule up from the store.
        harness.Clock.Advance(10 * Minute + TimeSpan.FromSeconds(5));
        var restarted = Worker(harness);
        var next = await restarted.RunOnceAsync();
        await restarted.RunOnceAsync();

        Assert.Equal(1, await CountAsync("hourly"));
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromSeconds(55), next);
    }

    [StoreFact]
    public async Task TwoNodes_OneTickEach_StartOneInstancePerTick()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Scheduled("timed", A("timer", "Elsa.Timer", ("interval", Lit("00:00:10")))));
        var (a, b) = (Worker(harness), Worker(harness));
        await Task.WhenAll(a.RunOnceAsync(), b.RunOnceAsync());

        for (var tick = 0; tick < 5; tick++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAll(a.RunOnceAsync(), b.RunOnceAsync());
        }

        Assert.Equal(5, await CountAsync("timed"));
    }

    [StoreFact]
    public async Task PublishingANewVersion_ReArmsTheSchedule_AndRetractingItStopsIt()
    {
        var harness = new RuntimeHarness(Store);
        var v1 = Scheduled("timed", A("timer", "Elsa.Timer", ("interval", Lit("00:00:10"))));
        await harness.PublishAsync(v1);
        var worker = Worker(harness);
        await worker.RunOnceAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(8));

        var v2 = Scheduled("timed", A("timer", "Elsa.Timer", ("interval", Lit("00:00:10"))), version: 2);
        v1.IsPublished = false;
        v1.IsLatest = false;
        await Store.SaveDefinitionVersionsAsync([v1]);
        await harness.PublishAsync(v2);
        await worker.RunOnceAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await worker.RunOnceAsync();
        Assert.Equal(0, await CountAsync("timed"));

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await worker.RunOnceAsync();
        var started = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery { DefinitionIds = ["timed"] })).Items);
        Assert.Equal(v2.Id, started.DefinitionVersionId);

        v2.IsPublished = false;
        await Store.SaveDefinitionVersionsAsync([v2]);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await worker.RunOnceAsync());
        Assert.Equal(1, await CountAsync("timed"));
    }

    [StoreFact]
    public async Task StartAt_InThePastWhenPublished_FiresOnce_AndNeverAgain()
    {
        var harness = new RuntimeHarness(Store);
        var moment = harness.Clock.GetUtcNow() - TimeSpan.FromMinutes(3);
        await harness.PublishAsync(Scheduled("once", A("at", "Elsa.StartAt", ("dateTime", Lit(moment.ToString("O"))))));
        var worker = Worker(harness);

        await worker.RunOnceAsync();
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await Worker(harness).RunOnceAsync();
        await worker.RunOnceAsync();

        Assert.Equal(1, await CountAsync("once"));
    }

    [StoreFact]
    public async Task CronInsideAFlow_WaitsForItsNextOccurrence_ThenTheFlowGoesOn()
    {
        var harness = new RuntimeHarness(Store);
        var flow = Scheduled("waits", A("cron", "Elsa.Cron", ("cronExpression", Lit("0 * * * * *"))), trigger: false);
        await harness.PublishAsync(flow);
        AlignToMinute(harness);
        harness.Clock.Advance(TimeSpan.FromSeconds(20));

        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "waits" });
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started!.Id)).SubStatus);

        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started.Id)).SubStatus);
    }

    private static ScheduleWorker Worker(RuntimeHarness harness) =>
        new(harness.Store, harness.Signal, harness.Clock, Options.Create(new RuntimeOptions { NodeId = "node-a" }));

    private static void AlignToMinute(RuntimeHarness harness)
    {
        var now = harness.Clock.GetUtcNow();
        harness.Clock.Advance(TimeSpan.FromTicks(Minute.Ticks - (now.Ticks % Minute.Ticks)));
    }

    private async Task<long> CountAsync(string definitionId) => await Store.CountInstancesAsync(new InstanceQuery { DefinitionIds = [definitionId] });

    private static WorkflowDefinition Scheduled(string definitionId, JsonObject schedule, int version = 1, bool trigger = true)
    {
        schedule["customProperties"] = new JsonObject { ["canStartWorkflow"] = trigger };
        var definition = Def(definitionId, [schedule, WriteLine("after", "after the tick")], [C(schedule["id"]!.GetValue<string>(), "after")]);
        definition.Json["id"] = $"{definitionId}-v{version}";
        definition.Json["version"] = version;
        return definition;
    }
}

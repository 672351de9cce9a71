using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using static PatientDocs.Engine.Tests.Support.Wf;

namespace PatientDocs.Engine.Tests.Runtime;

public sealed class WorkflowRuntimeTests
{
    private static WorkflowDefinition Flow(params JsonObject[] activities)
    {
        var all = new[] { A("start", "Elsa.Start") }.Concat(activities).ToArray();
        var connections = all.Zip(all.Skip(1), (a, b) => C(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>())).ToArray();
        return Def(all, connections);
    }

    private static StartWorkflowRequest Request(string? correlationId = null) => new() { DefinitionId = "def", CorrelationId = correlationId };

    [Fact]
    public async Task Execute_RunsTheFirstBurstInline_AndTheTaskResultFinishesTheInstance()
    {
        var harness = new RuntimeHarness();
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("hi"))), WriteLine("done", "ok")));

        var started = await harness.Runtime.StartAsync(Request());

        Assert.Equal(WorkflowSubStatus.Suspended, started!.SubStatus);
        var task = Assert.Single(await harness.Store.ListTasksAsync(started.Id));
        Assert.Equal($"{started.Id}", task.IdempotencyKey[..started.Id.Length]);
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (finished.Status, finished.SubStatus));
        Assert.Equal(["hi"], harness.Probe.Calls.Select(c => c.Text ?? "").ToArray());
        Assert.Contains(harness.Events, e => e is { Phase: "Completed", ActivityType: "Elsa.WriteLine" });
        Assert.Contains(harness.Events, e => e is { Phase: "Completed", ActivityType: "Test.Probe" });
        Assert.DoesNotContain(harness.Events, e => e.ActivityType == "Test.Probe" && e.Arguments == "{}");
    }

    [Fact]
    public async Task Execute_WithAnUnknownDefinition_ReturnsNull()
    {
        var harness = new RuntimeHarness();

        Assert.Null(await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "nope" }));
    }

    [Fact]
    public async Task Timer_FiresAtItsDueTime_AndNotBefore()
    {
        var harness = new RuntimeHarness();
        await harness.PublishAsync(Flow(A("wait", "Elsa.Delay", ("timeSpan", Lit("00:05:00"))), WriteLine("after", "late")));
        var started = await harness.Runtime.StartAsync(Request());

        harness.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await harness.DriveAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started!.Id)).SubStatus);
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromTicks(1), await harness.Store.NextWorkItemAtAsync());

        harness.Clock.Advance(TimeSpan.FromTicks(1));
        await harness.DriveAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started.Id)).SubStatus);
    }

    [Fact]
    public async Task PublishEvent_ResumesTheWaitingInstanceOnce_AndASecondDeliveryIsANoOp()
    {
        var harness = new RuntimeHarness();
        await harness.PublishAsync(Flow(A("wait", "Elsa.Event", ("eventName", Lit("go"))), WriteLine("after", "resumed")));
        var started = await harness.Runtime.StartAsync(Request("c-1"));
        var bookmark = Assert.Single(await harness.Store.ListBookmarksAsync(started!.Id));

        Assert.Equal(0, await harness.Runtime.PublishEventAsync("go", "c-other", null));
        Assert.Equal(1, await harness.Runtime.PublishEventAsync("go", "c-1", new JsonObject { ["n"] = 1 }));
        Assert.True(await harness.Runtime.ResumeBookmarkAsync(started.Id, bookmark.Id, null));
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Single(harness.Events, e => e is { Phase: "Completed", ActivityId: "after" });
        Assert.Equal(0, await harness.Runtime.PublishEventAsync("go", "c-1", null));
        Assert.False(await harness.Runtime.ResumeBookmarkAsync(started.Id, bookmark.Id, null));
    }

    [Fact]
    public async Task Cancel_RemovesBookmarksAndPendingTasks()
    {
        var harness = new RuntimeHarness();
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("never")))));
        var started = await harness.Runtime.StartAsync(Request());
        Assert.NotEmpty(await harness.Store.ListBookmarksAsync(started!.Id));

        Assert.True(await harness.Runtime.CancelAsync(started.Id));
        await harness.InstanceWorker.RunUntilIdleAsync();
        await harness.DriveAsync();

        var cancelled = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (cancelled.Status, cancelled.SubStatus));
        Assert.Empty(await harness.Store.ListBookmarksAsync(started.Id));
        Assert.Equal(TaskState.Cancelled, Assert.Single(await harness.Store.ListTasksAsync(started.Id)).State);
        Assert.Empty(harness.Probe.Calls);
        Assert.False(await harness.Runtime.CancelAsync(started.Id));
    }

    [Fact]
    public async Task TaskPastItsDeadline_GivesTheInstanceAnIncident_ThatAnOperatorRetrySucceeds()
    {
        var services = new TaskServicesOptions
        {
            Services =
            {
                ["Probe"] = new TaskServiceOptions
                {
                    Queues = { ["probe"] = new QueueOptions { Slots = 2 } },
                    Retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), Multiplier = 1, Jitter = 0, Deadline = TimeSpan.FromSeconds(25) },
                    Breaker = new BreakerOptions { FailureThreshold = 0 },
                },
            },
        };
        var harness = new RuntimeHarness(services);
        var healthy = false;
        harness.Probe.Behaviour = (_, _) => healthy ? TaskOutcome.Completed() : TaskOutcome.Transient("503");
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("x"))), WriteLine("after", "ok")));
        var started = await harness.Runtime.StartAsync(Request());

        for (var i = 0; i < 3; i++)
        {
            await harness.DriveAsync();
            harness.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        await harness.DriveAsync();
        var faulted = await harness.InstanceAsync(started!.Id);
        Assert.Equal(3, harness.Probe.Calls.Count);
        Assert.Equal(1, faulted.IncidentCount);
        Assert.Equal(TaskState.Failed, Assert.Single(await harness.Store.ListTasksAsync(started.Id)).State);

        healthy = true;
        Assert.True(await harness.Runtime.RetryAsync(started.Id));
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal(4, harness.Probe.Calls.Count);
        Assert.Single(harness.Probe.Calls.Select(c => c.Key).Distinct());
    }

    [Fact]
    public async Task FanOutOf3000Items_ResumesTheInstanceOnce_AndItsStateDoesNotGrowWithN()
    {
        var small = await RunFanOutAsync(3);
        var large = await RunFanOutAsync(3000);

        Assert.Equal(3000, large.Calls);
        Assert.Equal(WorkflowSubStatus.Finished, large.Instance.SubStatus);
        Assert.InRange(large.Instance.State.Length, 0, small.Instance.State.Length + 16);
    }

    [Fact]
    public async Task StartMany_CreatesThousandsInBatches_AndTheWorkersRunThemAll()
    {
        var harness = new RuntimeHarness();
        await harness.PublishAsync(Flow(WriteLine("hello", "hi")));

        var ids = await harness.Runtime.StartManyAsync([.. Enumerable.Range(0, 1200).Select(i => Request($"c{i}"))]);
        Assert.Equal(1200, await harness.Store.CountInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Pending] }));
        await harness.DriveAsync();

        Assert.Equal(1200, ids!.Distinct().Count());
        Assert.Equal(1200, await harness.Store.CountInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Finished] }));
    }

    private static async Task<(InstanceRecord Instance, int Calls)> RunFanOutAsync(int count)
    {
        var services = new TaskServicesOptions { Services = { ["Conversion"] = new TaskServiceOptions { Queues = { ["items"] = new QueueOptions { Slots = 64 } } } } };
        var harness = new RuntimeHarness(services);
        await harness.PublishAsync(Flow(A("fan", "Test.FanOutProbe", ("count", Lit(count))), WriteLine("after", "done")));
        var started = await harness.Runtime.StartAsync(Request());
        await harness.DriveAsync();
        return (await harness.InstanceAsync(started!.Id), harness.Probe.Calls.Count);
    }
}

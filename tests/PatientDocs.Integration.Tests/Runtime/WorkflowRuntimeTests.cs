using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>The runtime end to end (bursts, tasks, timers, events, cancel, operator retry) on a manual clock; one subclass per store.</summary>
public abstract class WorkflowRuntimeTests : OnEachStore
{
    private protected RuntimeHarness Harness(TaskServicesOptions? services = null) => new(Store, services);

    /// <summary>The store commits a task's resumed burst with its completion (<see cref="TaskCompletion.RunResumedBurst"/>).</summary>
    protected virtual bool CommitsResumedBurstsWithTheirTask => false;

    private static WorkflowDefinition Flow(params JsonObject[] activities) => FlowNamed("def", activities);

    private static WorkflowDefinition FlowNamed(string definitionId, params JsonObject[] activities)
    {
        var all = new[] { A("start", "Elsa.Start") }.Concat(activities).ToArray();
        var connections = all.Zip(all.Skip(1), (a, b) => C(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>())).ToArray();
        return Def(definitionId, all, connections);
    }

    private static StartWorkflowRequest Request(string? correlationId = null) => new() { DefinitionId = "def", CorrelationId = correlationId };

    [StoreFact]
    public async Task Execute_RunsTheFirstBurstInline_AndTheTaskResultFinishesTheInstance()
    {
        var harness = Harness();
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

    [StoreFact]
    public async Task Starts_AfterAnotherNodePublishedANewVersion_RunTheNewVersion_AndNoneAfterItWasDeleted()
    {
        var harness = Harness();
        var v1 = Flow(WriteLine("line", "v1"));
        await harness.PublishAsync(v1);
        var first = await harness.Runtime.DispatchAsync(Request());

        // Another node publishes version 2 straight into the store; this node's runtime remembers version 1.
        var v2 = Flow(WriteLine("line", "v2"));
        v2.Json["id"] = "def-v2";
        v2.Json["version"] = 2;
        v1.IsLatest = false;
        v1.IsPublished = false;
        await harness.Store.SaveDefinitionVersionsAsync([v1]);
        await harness.PublishAsync(v2);
        var dispatched = await harness.Runtime.DispatchAsync(Request());
        var executed = await harness.Runtime.StartAsync(Request());
        var bulk = await harness.Runtime.StartManyAsync([Request(), Request()]);
        await harness.DriveAsync();
        await harness.Store.DeleteDefinitionAsync("def");
        var afterDelete = await harness.Runtime.DispatchAsync(Request());

        Assert.Equal((1, "def-v1"), (first!.Version, first.DefinitionVersionId));
        Assert.All([dispatched!.Id, executed!.Id, .. bulk!], id => Assert.Equal(["v2"], harness.LinesOf(id)));
        Assert.Equal((2, "def-v2"), (dispatched.Version, dispatched.DefinitionVersionId));
        Assert.Equal((2, "def-v2"), ((await harness.InstanceAsync(bulk[0])).Version, (await harness.InstanceAsync(bulk[1])).DefinitionVersionId));
        Assert.Null(afterDelete);
    }

    [StoreFact]
    public async Task BulkStart_WhoseDefinitionIsDeletedBetweenBatches_KeepsTheFirstBatch_AndSaysHowManyStarted()
    {
        var harness = new RuntimeHarness(StartRaceStore.DeleteAfterFirstStart(Store, "def"));
        await harness.PublishAsync(Flow(WriteLine("line", "v1")));

        var conflict = await Assert.ThrowsAsync<StartConflictException>(() => harness.Runtime.StartManyAsync([.. Enumerable.Range(0, 501).Select(_ => Request())]));

        Assert.Contains("500 of 501 instances were started", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(500, await Store.CountInstancesAsync(new InstanceQuery()));
    }

    [StoreFact]
    public async Task Start_WhoseVersionIsReplacedOnEveryAttempt_GivesUp_AndStartsNothing()
    {
        var harness = new RuntimeHarness(StartRaceStore.RefuseEveryVersion(Store));
        await harness.PublishAsync(Flow(WriteLine("line", "v1")));

        var conflict = await Assert.ThrowsAsync<StartConflictException>(() => harness.Runtime.DispatchAsync(Request()));

        Assert.Contains("nothing was started", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.CountInstancesAsync(new InstanceQuery()));
    }

    [StoreFact]
    public async Task TaskCompletion_RunsTheResumeOnThisNode_InTheCompletionsTransactionWhereTheStoreCan_OrAfterAHandOver()
    {
        var harness = Harness();
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("hi"))), WriteLine("done", "ok")));
        var started = await harness.Runtime.StartAsync(Request());
        var wake = harness.Signal.InstanceWork;

        await harness.TaskWorker.RunOnceAsync();
        await harness.TaskWorker.WhenIdleAsync();
        var woken = wake.IsCompleted;
        var otherNode = await harness.Store.LeaseRunnableInstancesAsync("other-node", harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), 10);
        var finishedWithTheTask = (await harness.InstanceAsync(started!.Id)).Status == WorkflowStatus.Finished;
        var ran = await harness.InstanceWorker.RunOnceAsync();

        // Either the completion committed the resume's burst, or it took the instance's lease for this node in the same
        // transaction; in neither case can another node take the resume, nor has the instance worker a reason to ask the
        // store for work.
        Assert.Empty(otherNode);
        Assert.False(woken);
        Assert.Equal(CommitsResumedBurstsWithTheirTask, finishedWithTheTask);
        Assert.Equal(CommitsResumedBurstsWithTheirTask ? 0 : 1, ran);
        Assert.Equal(WorkflowStatus.Finished, (await harness.InstanceAsync(started.Id)).Status);
        Assert.Equal(["ok"], harness.LinesOf(started.Id));
        Assert.Contains(harness.Events, e => e is { Phase: "Completed", ActivityType: "Elsa.WriteLine" });
        Assert.Null(await harness.Store.NextWorkItemAtAsync());
    }

    [StoreFact]
    public async Task TaskCompletion_OfARateLimitedQueue_HandsItsInstanceOver_OnEveryStore()
    {
        // A limited queue's slots are few and its permits precious: its task gives the slot back once the completion is
        // recorded, and the burst it resumes runs after the hand-over, on PostgreSQL too.
        var services = new TaskServicesOptions
        {
            Services =
            {
                ["Probe"] = new TaskServiceOptions
                {
                    Limits = { ["Calls"] = new RateLimitOptions { Permits = 100, Period = TimeSpan.FromSeconds(1) } },
                    Queues = { ["probe"] = new QueueOptions { Limit = "Calls", Slots = 2 } },
                },
            },
        };
        var harness = Harness(services);
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("hi"))), WriteLine("done", "ok")));
        var started = await harness.Runtime.StartAsync(Request());

        await harness.TaskWorker.RunOnceAsync();
        await harness.TaskWorker.WhenIdleAsync();
        var afterTask = (await harness.InstanceAsync(started!.Id)).Status;
        var ran = await harness.InstanceWorker.RunOnceAsync();

        Assert.Equal(["hi"], harness.Probe.Calls.Select(c => c.Text ?? "").ToArray());
        Assert.Equal(WorkflowStatus.Running, afterTask);
        Assert.Equal(1, ran);
        Assert.Equal(WorkflowStatus.Finished, (await harness.InstanceAsync(started.Id)).Status);
    }

    [StoreFact]
    public async Task Execute_WithAnUnknownDefinition_ReturnsNull()
    {
        var harness = Harness();

        Assert.Null(await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "nope" }));
    }

    [StoreFact]
    public async Task Script_SettingTheCorrelationIdAndAVariable_PersistsBothOnTheInstance()
    {
        var harness = Harness();
        var script = A("js", "Elsa.RunJavaScript", ("script", Lit("setCorrelationId(`order-${getInput('id')}`); variables.Seen = [1, 2];")));
        await harness.PublishAsync(Flow(script, A("probe", "Test.Probe", ("text", Js("`${getCorrelationId()} ${variables.Seen.length}`")))));

        var started = await harness.Runtime.StartAsync(Request("before") with { Input = new JsonObject { ["id"] = 42 } });
        await harness.DriveAsync();

        var instance = await harness.InstanceAsync(started!.Id);
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal("order-42", instance.CorrelationId);
        Assert.Equal("[1,2]", JsonNode.Parse(instance.State)!["variables"]!["Seen"]!.ToJsonString());
        Assert.Equal(["order-42 2"], harness.Probe.Calls.Select(c => c.Text ?? "").ToArray());
    }

    [StoreFact]
    public async Task Timer_FiresAtItsDueTime_AndNotBefore()
    {
        var harness = Harness();
        await harness.PublishAsync(Flow(A("wait", "Elsa.Delay", ("timeSpan", Lit("00:05:00"))), WriteLine("after", "late")));
        var started = await harness.Runtime.StartAsync(Request());

        harness.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await harness.DriveAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started!.Id)).SubStatus);
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1), await harness.Store.NextWorkItemAtAsync());

        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.DriveAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started.Id)).SubStatus);
    }

    [StoreFact]
    public async Task PublishEvent_ResumesTheWaitingInstanceOnce_AndASecondDeliveryIsANoOp()
    {
        var harness = Harness();
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

    [StoreFact]
    public async Task Cancel_RemovesBookmarksAndPendingTasks()
    {
        var harness = Harness();
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

    private static TaskServicesOptions ProbeWithDeadline() => new()
    {
        Services =
        {
            ["Probe"] = new TaskServiceOptions
            {
                Queues = { ["probe"] = new QueueOptions { Slots = 2 } },
                Retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), Multiplier = 1, Jitter = 0, Deadline = TimeSpan.FromSeconds(25) },
                Breaker = new BreakerOptions { FailureThreshold = 0 },
            },
            ["Conversion"] = new TaskServiceOptions
            {
                Queues = { ["items"] = new QueueOptions { Slots = 4 } },
                Retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), Multiplier = 1, Jitter = 0, Deadline = TimeSpan.FromSeconds(25) },
                Breaker = new BreakerOptions { FailureThreshold = 0 },
            },
        },
    };

    [StoreFact]
    public async Task TaskPastItsDeadline_GivesTheInstanceAnIncident_ThatAnOperatorRetrySucceeds()
    {
        var harness = Harness(ProbeWithDeadline());
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

        var failedTask = Assert.Single(await harness.Store.ListTasksAsync(started.Id));

        healthy = true;
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var retriedAt = harness.Clock.GetUtcNow();
        Assert.True(await harness.Runtime.RetryAsync(started.Id));
        await harness.InstanceWorker.RunUntilIdleAsync();

        // The failed row itself is re-opened: same id and key, no attempts, a deadline counted from the retry.
        var reopened = Assert.Single(await harness.Store.ListTasksAsync(started.Id));
        Assert.Equal((failedTask.Id, TaskState.Pending, 0, retriedAt + TimeSpan.FromSeconds(25)), (reopened.Id, reopened.State, reopened.Attempts, reopened.Deadline));
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (finished.Status, finished.SubStatus, finished.IncidentCount));
        Assert.Equal(4, harness.Probe.Calls.Count);
        Assert.Equal((1, retriedAt), (harness.Probe.Calls[3].Attempt, harness.Probe.Calls[3].At));
        Assert.Single(harness.Probe.Calls.Select(c => c.Key).Distinct());
        var done = Assert.Single(await harness.Store.ListTasksAsync(started.Id));
        Assert.Equal((failedTask.Id, TaskState.Completed), (done.Id, done.State));
        Assert.False(await harness.Runtime.RetryAsync(started.Id));
    }

    [StoreFact]
    public async Task FailedItemOfAFanOut_GivesTheInstanceAnIncident_ThatAnOperatorRetryRunsAgainWithTheSameKey()
    {
        var harness = Harness(ProbeWithDeadline());
        var healthy = false;
        harness.Probe.Behaviour = (_, n) => n == "1" && !healthy ? TaskOutcome.Permanent("cannot convert") : TaskOutcome.Completed();
        await harness.PublishAsync(Flow(A("fan", "Test.FanOutProbe", ("count", Lit(3))), WriteLine("after", "ok")));
        var started = await harness.Runtime.StartAsync(Request());
        await harness.DriveAsync();

        var faulted = await harness.InstanceAsync(started!.Id);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted, 1), (faulted.Status, faulted.SubStatus, faulted.IncidentCount));
        var before = (await harness.Store.ListTasksAsync(started.Id)).Where(t => t.GroupId is not null).ToDictionary(t => t.IdempotencyKey);
        var failedItem = Assert.Single(before.Values, t => t.State == TaskState.Failed);
        Assert.Equal(3, harness.Probe.Calls.Count);

        healthy = true;
        Assert.True(await harness.Runtime.RetryAsync(started.Id));
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (finished.Status, finished.SubStatus, finished.IncidentCount));
        // Only the failed item ran again, under its own key; the converted ones were not redone.
        Assert.Equal(4, harness.Probe.Calls.Count);
        Assert.Equal(failedItem.IdempotencyKey, harness.Probe.Calls[3].Key);
        var after = (await harness.Store.ListTasksAsync(started.Id)).Where(t => t.GroupId is not null).ToList();
        Assert.Equal(before.Values.Select(t => t.Id).Order(), after.Select(t => t.Id).Order());
        Assert.All(after, t => Assert.Equal(TaskState.Completed, t.State));
        Assert.Contains(harness.Events, e => e is { Phase: "Completed", ActivityId: "after" });
    }

    [StoreFact]
    public async Task TransientFailureOfAFanOutItem_IsJournalledAsTheActivitysRetrying_OnceAndUnderItsType()
    {
        var harness = Harness(ProbeWithDeadline());
        var failures = 0;
        harness.Probe.Behaviour = (_, n) => n == "1" && failures++ == 0 ? TaskOutcome.Transient("503") : TaskOutcome.Completed();
        await harness.PublishAsync(Flow(A("fan", "Test.FanOutProbe", ("count", Lit(3))), WriteLine("after", "ok")));
        var started = await harness.Runtime.StartAsync(Request());
        await harness.DriveAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started!.Id)).SubStatus);
        var events = (await harness.Store.ReadInstanceJournalAsync(started.Id, 0, 1000))
            .Select(r => ProgressMapper.Map(r, "")).OfType<ProgressEvent>().Where(e => e.ActivityId == "fan").ToList();
        Assert.Equal(["activity-started", "activity-retrying", "activity-completed"], events.Select(e => e.Type));
        Assert.Equal(("Test.FanOutProbe", "503"), (events[1].ActivityType, events[1].Message));
    }

    [StoreFact]
    public async Task Retry_WithNothingToRetry_IsRefused_AndASecondRetryWhileOneIsPendingToo()
    {
        var harness = Harness(ProbeWithDeadline());
        harness.Probe.Behaviour = (_, _) => TaskOutcome.Permanent("404");
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("x"))), WriteLine("after", "ok")));
        await harness.PublishAsync(FlowNamed("waits", A("wait", "Elsa.Event", ("eventName", Lit("never")))));
        var faulted = await harness.Runtime.StartAsync(Request());
        var waiting = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "waits" });
        await harness.DriveAsync();
        Assert.Equal(1, (await harness.InstanceAsync(faulted!.Id)).IncidentCount);

        Assert.False(await harness.Runtime.RetryAsync(waiting!.Id));
        Assert.False(await harness.Runtime.RetryAsync("no-such-instance"));
        Assert.True(await harness.Runtime.RetryAsync(faulted.Id));
        Assert.False(await harness.Runtime.RetryAsync(faulted.Id));
        await harness.DriveAsync();

        // The retry ran and failed again: a new incident, which a cancelled instance no longer offers to retry.
        Assert.Equal(2, harness.Probe.Calls.Count);
        Assert.Equal((WorkflowSubStatus.Faulted, 1), ((await harness.InstanceAsync(faulted.Id)).SubStatus, (await harness.InstanceAsync(faulted.Id)).IncidentCount));
        Assert.True(await harness.Runtime.CancelAsync(faulted.Id));
        await harness.DriveAsync();
        Assert.Equal(WorkflowSubStatus.Cancelled, (await harness.InstanceAsync(faulted.Id)).SubStatus);
        Assert.False(await harness.Runtime.RetryAsync(faulted.Id));
    }

    [StoreFact]
    public async Task FanOutOf3000Items_ResumesTheInstanceOnce_AndItsStateDoesNotGrowWithN()
    {
        var small = await RunFanOutAsync(3);
        var large = await RunFanOutAsync(3000);

        Assert.Equal(3000, large.Calls);
        Assert.Equal(WorkflowSubStatus.Finished, large.Instance.SubStatus);
        Assert.InRange(large.Instance.State.Length, 0, small.Instance.State.Length + 16);
    }

    [StoreFact]
    public async Task StartMany_CreatesThousandsInBatches_AndTheWorkersRunThemAll()
    {
        var harness = Harness();
        await harness.PublishAsync(Flow(WriteLine("hello", "hi")));

        var ids = await harness.Runtime.StartManyAsync([.. Enumerable.Range(0, 1200).Select(i => Request($"c{i}"))]);
        Assert.Equal(1200, await harness.Store.CountInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Pending] }));
        await harness.DriveAsync();

        Assert.Equal(1200, ids!.Distinct().Count());
        Assert.Equal(1200, await harness.Store.CountInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Finished] }));
    }

    private async Task<(InstanceRecord Instance, int Calls)> RunFanOutAsync(int count)
    {
        // A node's conversion slots: each running item holds a database connection, and PostgreSQL allows 100 in all.
        var services = new TaskServicesOptions { Services = { ["Conversion"] = new TaskServiceOptions { Queues = { ["items"] = new QueueOptions { Slots = 8 } } } } };
        var harness = Harness(services);
        await harness.PublishAsync(Flow(A("fan", "Test.FanOutProbe", ("count", Lit(count))), WriteLine("after", "done")));
        var started = await harness.Runtime.StartAsync(Request());
        await harness.DriveAsync();
        return (await harness.InstanceAsync(started!.Id), harness.Probe.Calls.Count);
    }
}

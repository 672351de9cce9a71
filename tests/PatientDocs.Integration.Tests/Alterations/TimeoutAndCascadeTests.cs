using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Alterations;

/// <summary>The workflow-level timeout and the cancel cascade to children and grandchildren; one subclass per store.</summary>
public abstract class TimeoutAndCascadeTests : OnEachStore
{
    private static JsonObject Call(string id, string type, string definitionId, bool wait) =>
        A(id, type, ("workflowDefinitionId", Lit(definitionId)), ("waitForCompletion", Lit(wait)));

    private static JsonObject Wait(string id) => A(id, "Elsa.Event", ("eventName", Lit("never")));

    private static WorkflowDefinition WithTimeout(WorkflowDefinition definition, string? timeout)
    {
        definition.Json["options"] = new JsonObject { ["timeout"] = timeout };
        return new WorkflowDefinition(definition.Json);
    }

    private static AlterationRunner Runner(RuntimeHarness harness) =>
        new(harness.Store, harness.InstanceWorker, harness.Signal, harness.Clock, Options.Create(new RuntimeOptions { NodeId = "node-a" }));

    private async Task<IReadOnlyList<InstanceRecord>> ChildrenOf(string parentId) =>
        (await Store.ListInstancesAsync(new InstanceQuery { ParentInstanceId = parentId, PageSize = 100 })).Items;

    /// <summary>
    /// parent: fork → {a task, ExecuteWorkflow child (waits), DispatchWorkflow child, BulkDispatch of two}; each child
    /// dispatches a grandchild and waits for an event that never comes.
    /// </summary>
    private static async Task PublishFamilyAsync(RuntimeHarness harness, string? parentTimeout)
    {
        await harness.PublishAsync(Def("grandchild", [Wait("wait")], []));
        await harness.PublishAsync(Def("child", [Call("dispatch", "Elsa.DispatchWorkflow", "grandchild", false), Wait("wait")], [C("dispatch", "wait")]));
        var branches = new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Task\",\"Execute\",\"Dispatch\",\"Bulk\"]" } };
        var parent = Def(
            "parent",
            [
                A("start", "Elsa.Start"), A("fork", "Elsa.FlowFork", ("branches", branches)), A("probe", "Test.Probe", ("text", Lit("slow"))),
                Call("execute", "Elsa.ExecuteWorkflow", "child", true), Call("dispatch", "Elsa.DispatchWorkflow", "child", false),
                A("bulk", "Elsa.BulkDispatchWorkflows", ("workflowDefinitionId", Lit("child")), ("items", LitList(1, 2)), ("waitForCompletion", Lit(true))),
            ],
            [C("start", "fork"), C("fork", "probe", "Task"), C("fork", "execute", "Execute"), C("fork", "dispatch", "Dispatch"), C("fork", "bulk", "Bulk")]);
        await harness.PublishAsync(WithTimeout(parent, parentTimeout));
    }

    private async Task<List<InstanceRecord>> DescendantsOf(string parentId)
    {
        var all = new List<InstanceRecord>();
        var next = new Queue<string>([parentId]);
        while (next.TryDequeue(out var id))
        {
            foreach (var child in await ChildrenOf(id))
            {
                all.Add(child);
                next.Enqueue(child.Id);
            }
        }

        return all;
    }

    [StoreFact]
    public async Task Timeout_OverTheDefinitionsOption_FaultsTheInstanceAsTimedOut_CancelsItsTasksAndItsChildren()
    {
        var harness = new RuntimeHarness(Store);
        await PublishFamilyAsync(harness, "PT10M");
        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.InstanceWorker.RunUntilIdleAsync();
        var family = await DescendantsOf(parent!.Id);
        Assert.Equal(8, family.Count);
        Assert.All(family, i => Assert.Equal(WorkflowSubStatus.Suspended, i.SubStatus));
        Assert.Equal(TaskState.Pending, Assert.Single(await Store.ListTasksAsync(parent.Id)).State);

        harness.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await harness.InstanceWorker.RunUntilIdleAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(parent.Id)).SubStatus);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.InstanceWorker.RunUntilIdleAsync();

        var timedOut = await harness.InstanceAsync(parent.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Faulted, 1), (timedOut.Status, timedOut.SubStatus, timedOut.IncidentCount));
        Assert.Contains("TimedOut", timedOut.State);
        var journal = await Store.ListJournalAsync(parent.Id, new JournalFilter(), 0, 1000);
        Assert.Contains(journal.Items, j => j.EventName == "WorkflowFaulted" && j.Message!.StartsWith("TimedOut", StringComparison.Ordinal));
        Assert.Equal(TaskState.Cancelled, Assert.Single(await Store.ListTasksAsync(parent.Id)).State);
        Assert.Empty(await Store.ListBookmarksAsync(parent.Id));
        var after = await DescendantsOf(parent.Id);
        Assert.Equal(8, after.Count);
        Assert.All(after, i => Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (i.Status, i.SubStatus)));
    }

    [StoreFact]
    public async Task Timeout_OfAnInstanceThatFinishedFirst_ChangesNothing()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(WithTimeout(Def("quick", [WriteLine("hello", "hello")], []), "00:01:00"));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "quick" });

        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await harness.InstanceWorker.RunUntilIdleAsync();

        var finished = await harness.InstanceAsync(started!.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (finished.Status, finished.SubStatus, finished.IncidentCount));
        Assert.Null(await Store.NextWorkItemAtAsync());
    }

    [StoreFact]
    public async Task Cancel_OfAParent_CancelsItsExecutedDispatchedAndBulkChildrenAndTheirChildren()
    {
        var harness = new RuntimeHarness(Store);
        await PublishFamilyAsync(harness, null);
        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.InstanceWorker.RunUntilIdleAsync();
        Assert.Equal(8, (await DescendantsOf(parent!.Id)).Count);

        Assert.True(await harness.Runtime.CancelAsync(parent.Id));
        await harness.InstanceWorker.RunUntilIdleAsync();

        Assert.Equal(WorkflowSubStatus.Cancelled, (await harness.InstanceAsync(parent.Id)).SubStatus);
        Assert.Equal(TaskState.Cancelled, Assert.Single(await Store.ListTasksAsync(parent.Id)).State);
        var family = await DescendantsOf(parent.Id);
        // One ExecuteWorkflow child, one DispatchWorkflow child and two bulk children, each with its dispatched grandchild.
        Assert.Equal(4, (await ChildrenOf(parent.Id)).Count);
        Assert.All(family, i => Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (i.Status, i.SubStatus)));
    }

    [StoreFact]
    public async Task ScheduleActivity_OfActivitiesWaitingForChildren_CancelsTheChildrenTheyWaitedFor_AndStartsNewOnes()
    {
        var harness = new RuntimeHarness(Store);
        await PublishFamilyAsync(harness, null);
        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.InstanceWorker.RunUntilIdleAsync();
        var before = await ChildrenOf(parent!.Id);
        Assert.Equal(4, before.Count);

        var run = await Runner(harness)
            .RunAsync([parent.Id], [new ScheduleActivity("execute"), new ScheduleActivity("bulk")]);
        Assert.True(Assert.Single(run.Results).IsSuccessful);
        await harness.InstanceWorker.RunUntilIdleAsync();

        var children = (await ChildrenOf(parent.Id)).ToDictionary(c => c.Id);
        Assert.Equal(7, children.Count);

        // The ExecuteWorkflow child and both bulk children the re-run activities waited for are cancelled, with their own children.
        var cancelled = children.Values.Where(c => c.SubStatus == WorkflowSubStatus.Cancelled).ToList();
        Assert.Equal(3, cancelled.Count);
        Assert.All(cancelled, c => Assert.Contains(before, b => b.Id == c.Id));
        foreach (var child in cancelled)
        {
            Assert.All(await ChildrenOf(child.Id), g => Assert.Equal(WorkflowSubStatus.Cancelled, g.SubStatus));
        }

        // The DispatchWorkflow child was not waited for and is left alone; the re-run started three new children.
        var running = children.Values.Where(c => c.SubStatus == WorkflowSubStatus.Suspended).ToList();
        Assert.Equal(4, running.Count);
        Assert.Single(running, c => before.Any(b => b.Id == c.Id));
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(parent.Id)).SubStatus);
    }

    [StoreFact]
    public async Task Timeout_IsArmedAgainWhenAnAlterationReopensTheInstance_AndTheOneOfTheFirstRunNoLongerCounts()
    {
        var harness = new RuntimeHarness(Store);
        var definition = Def(
            "reopen-timeout",
            [A("start", "Elsa.Start"), A("decide", "Elsa.FlowDecision", ("condition", Js("getVariable('Wait')"))), Wait("wait"), WriteLine("done", "done")],
            [C("start", "decide"), C("decide", "wait", "True"), C("decide", "done", "False")],
            ("Wait", "Boolean", "false"));
        await harness.PublishAsync(WithTimeout(definition, "PT10M"));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "reopen-timeout" });
        await harness.InstanceWorker.RunUntilIdleAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started!.Id)).SubStatus);

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var run = await Runner(harness)
            .RunAsync([started.Id], [new ModifyVariable("Wait", JsonValue.Create(true)), new ScheduleActivity("decide")]);
        Assert.True(Assert.Single(run.Results).IsSuccessful);
        await harness.InstanceWorker.RunUntilIdleAsync();
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), ((await harness.InstanceAsync(started.Id)).Status, (await harness.InstanceAsync(started.Id)).SubStatus));

        // The first run's timeout falls due 10 minutes after the start: the re-opened run is only 5 minutes old.
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await harness.InstanceWorker.RunUntilIdleAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started.Id)).SubStatus);

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await harness.InstanceWorker.RunUntilIdleAsync();
        var timedOut = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Faulted, 1), (timedOut.Status, timedOut.SubStatus, timedOut.IncidentCount));
        Assert.Contains("TimedOut", timedOut.State);
    }

    [StoreFact]
    public async Task Cancel_OfASuspendedInstance_EndsEveryOpenExecution_TheWaitsTheTaskAndTheContainersUpToTheRoot()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(NestedWaits("nested", null));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "nested" });
        await harness.InstanceWorker.RunUntilIdleAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started!.Id)).SubStatus);

        Assert.True(await harness.Runtime.CancelAsync(started.Id));
        await harness.InstanceWorker.RunUntilIdleAsync();

        Assert.Equal(WorkflowSubStatus.Cancelled, (await harness.InstanceAsync(started.Id)).SubStatus);
        await AssertEveryExecutionEndedAsync(started.Id, ProgressEventTypes.WorkflowCancelled);
    }

    [StoreFact]
    public async Task Timeout_EndsEveryOpenExecution_TheSameWayACancelDoes()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(NestedWaits("nested-timeout", "PT1M"));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "nested-timeout" });
        await harness.InstanceWorker.RunUntilIdleAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.InstanceWorker.RunUntilIdleAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.InstanceAsync(started!.Id)).SubStatus);
        await AssertEveryExecutionEndedAsync(started.Id, ProgressEventTypes.WorkflowFaulted);
    }

    /// <summary>fork → {a task; Sequence outer → Sequence inner → an event wait}: two open containers, a wait and a task.</summary>
    private static WorkflowDefinition NestedWaits(string definitionId, string? timeout)
    {
        var branches = new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Task\",\"Wait\"]" } };
        var definition = Def(
            definitionId,
            [A("start", "Elsa.Start"), A("fork", "Elsa.FlowFork", ("branches", branches)), A("probe", "Test.Probe", ("text", Lit("slow"))), Seq("outer", WriteLine("first", "1"), Seq("inner", Wait("wait")))],
            [C("start", "fork"), C("fork", "probe", "Task"), C("fork", "outer", "Wait")]);
        return timeout is null ? definition : WithTimeout(definition, timeout);
    }

    /// <summary>As the progress stream shows it: one start and one end per execution, the open ones ended as cancelled, then the instance's end.</summary>
    private async Task AssertEveryExecutionEndedAsync(string instanceId, string lastEvent)
    {
        var records = await Store.ReadInstanceJournalAsync(instanceId, 0, 10_000);
        var events = records.Select(r => (Record: r, Type: ProgressMapper.TypeOf(r))).Where(e => e.Type is not null).ToList();
        Assert.Equal(lastEvent, events[^1].Type);
        var executions = events.Where(e => e.Record.ActivityInstanceId is not null && e.Type!.StartsWith("activity-", StringComparison.Ordinal)).GroupBy(e => e.Record.ActivityInstanceId).ToList();
        Assert.All(executions, g => Assert.Equal([ProgressEventTypes.ActivityStarted, ProgressEventTypes.ActivityCompleted], g.Select(e => e.Type)));
        var cancelled = events.Where(e => e.Record.ActivityInstanceId is not null && e.Record.EventName == "Cancelled").Select(e => e.Record.ActivityId).ToList();
        Assert.Equal(["inner", "outer", "probe", "wait"], cancelled.Order());
        Assert.True(cancelled.IndexOf("wait") < cancelled.IndexOf("inner") && cancelled.IndexOf("inner") < cancelled.IndexOf("outer"), "innermost first: " + string.Join(", ", cancelled));
        Assert.Equal(["first", "fork", "inner", "outer", "probe", "start", "wait"], executions.Select(g => g.First().Record.ActivityId).Order());
    }
}

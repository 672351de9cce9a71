using System.Text.Json.Nodes;
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

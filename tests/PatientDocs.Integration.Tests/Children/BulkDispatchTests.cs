using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>BulkDispatchWorkflows and children on their own task queue, on the runtime; one subclass per store.</summary>
public abstract class BulkDispatchTests : OnEachStore
{
    private static JsonObject Bulk(string id, string definitionId, JsonObject items, bool wait, params (string Name, JsonNode? Value)[] more) =>
        A(id, "Elsa.BulkDispatchWorkflows", [("workflowDefinitionId", Lit(definitionId)), ("items", items), ("waitForCompletion", Lit(wait)), .. more]);

    private static JsonObject ChildWritesItem() => Seq("s", A("line", "Elsa.WriteLine", ("text", Js("'item ' + getInput('Item')"))));

    private async Task<IReadOnlyList<InstanceRecord>> ChildrenOf(string parentId) =>
        (await Store.ListInstancesAsync(new InstanceQuery { ParentInstanceId = parentId, PageSize = 1000 })).Items;

    [StoreFact]
    public async Task BulkDispatch_WithWait_RunsOneChildPerItemAndTakesCompletedAfterTheLast()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", ChildWritesItem()));
        var parent = Def("parent",
            [Bulk("bulk", "child", LitList(1, 2, 3), wait: true, ("correlationIdFunction", Js("'order-' + item"))), WriteLine("completed", "completed"), WriteLine("done", "done")],
            [C("bulk", "completed", "Completed"), C("bulk", "done")]);
        await harness.PublishAsync(parent);

        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(started!.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal(["completed", "done"], harness.LinesOf(started.Id).Order());
        Assert.Equal("{\"completedCount\":3,\"faultedCount\":0}", JsonNode.Parse(finished.State)!["activityOutputs"]!["bulk"]!.ToJsonString());
        var children = await ChildrenOf(started.Id);
        Assert.Equal(["order-1", "order-2", "order-3"], children.Select(c => c.CorrelationId).Order());
        Assert.All(children, c => Assert.Equal(WorkflowSubStatus.Finished, c.SubStatus));
        Assert.Equal(["item 1", "item 2", "item 3"], children.SelectMany(c => harness.LinesOf(c.Id)).Order());
    }

    [StoreFact]
    public async Task BulkDispatch_OfThreeHundredItems_RunsEachChildOnceAndKeepsTheParentStateSmall()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", A("wait", "Elsa.Event", ("eventName", Lit("go"))), A("line", "Elsa.WriteLine", ("text", Js("'item ' + getInput('Item')"))))));
        await harness.PublishAsync(Named("small", Seq("p", Bulk("bulk", "child", Js("[0, 1, 2]"), wait: true))));
        await harness.PublishAsync(Named("large", Seq("p", Bulk("bulk", "child", Js("Array.from({ length: 300 }, (_, i) => i)"), wait: true))));

        var small = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "small" });
        var large = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "large" });
        await harness.DriveAsync();
        var waitingSmall = (await harness.InstanceAsync(small!.Id)).State.Length;
        var waitingLarge = (await harness.InstanceAsync(large!.Id)).State.Length;
        Assert.Equal(300, (await ChildrenOf(large.Id)).Count);

        Assert.Equal(303, await harness.Runtime.PublishEventAsync("go", null, null));
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(large.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("{\"completedCount\":300,\"faultedCount\":0}", JsonNode.Parse(finished.State)!["activityOutputs"]!["bulk"]!.ToJsonString());

        // The same size as with three items, give or take the digits of the counts and the longer items expression.
        Assert.InRange(waitingLarge, waitingSmall - 100, waitingSmall + 100);
        Assert.InRange(finished.State.Length, 0, (await harness.InstanceAsync(small.Id)).State.Length + 100);
        var lines = (await ChildrenOf(large.Id)).SelectMany(c => harness.LinesOf(c.Id)).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"item {i}").Order(), lines.Order());
    }

    [StoreFact]
    public async Task BulkDispatch_AfterARestart_ChildrenFinishOnANewWorkerAndResumeTheParentOnce()
    {
        var before = new RuntimeHarness(Store);
        await before.PublishAsync(Named("child", Seq("s", A("wait", "Elsa.Event", ("eventName", Lit("go"))))));
        await before.PublishAsync(Named("parent", Seq("p", Bulk("bulk", "child", LitList("a", "b", "c", "d"), wait: true), WriteLine("after", "after"))));
        var parent = await before.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await before.DriveAsync();
        var ids = (await ChildrenOf(parent!.Id)).Select(c => c.Id).Order().ToList();

        var after = new RuntimeHarness(Store);
        Assert.Equal(4, await after.Runtime.PublishEventAsync("go", null, null));
        await after.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await after.InstanceAsync(parent.Id)).SubStatus);
        Assert.Equal(["after"], after.LinesOf(parent.Id));
        Assert.Equal(ids, (await ChildrenOf(parent.Id)).Select(c => c.Id).Order());
    }

    [StoreFact]
    public async Task BulkDispatch_WhenChildrenFault_CountsThemAndStillCompletes()
    {
        var harness = new RuntimeHarness(Store);
        var json = Named("child", Flow("f", A("check", "Elsa.FlowDecision", ("condition", Js("getInput('Item') > 1"))), A("boom", "Elsa.Fault", ("message", Lit("broken"))))).Json;
        json["root"]!["connections"] = new JsonArray(C("check", "boom", "True"));
        await harness.PublishAsync(new WorkflowDefinition(json));
        await harness.PublishAsync(Named("parent", Seq("p", Bulk("bulk", "child", LitList(1, 2, 3), wait: true), WriteLine("after", "after"))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(parent!.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("{\"completedCount\":1,\"faultedCount\":2}", JsonNode.Parse(finished.State)!["activityOutputs"]!["bulk"]!.ToJsonString());
        Assert.Equal(2, (await ChildrenOf(parent.Id)).Count(c => c.SubStatus == WorkflowSubStatus.Faulted));
    }

    [StoreFact]
    public async Task BulkDispatch_WithoutWaiting_CompletesWhileTheChildrenWait()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", A("wait", "Elsa.Event", ("eventName", Lit("never"))))));
        await harness.PublishAsync(Named("parent", Seq("p", Bulk("bulk", "child", LitList(1, 2), wait: false, ("defaultInput", Lit(new { Source = "bulk" }))), WriteLine("after", "after"))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(parent!.Id)).SubStatus);
        Assert.Equal(["after"], harness.LinesOf(parent.Id));
        var children = await ChildrenOf(parent.Id);
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(WorkflowSubStatus.Suspended, c.SubStatus));
    }

    [StoreFact]
    public async Task BulkDispatch_OfAnUnpublishedDefinition_FaultsNamingItAndCreatesNothing()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("parent", Seq("p", Bulk("bulk", "missing", LitList(1, 2), wait: true))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        var faulted = await harness.InstanceAsync(parent!.Id);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        Assert.Equal("No published version of workflow definition 'missing' exists.", JsonNode.Parse(faulted.State)!["incidents"]![0]!["message"]!.GetValue<string>());
        Assert.Empty(await ChildrenOf(parent.Id));
    }

    [StoreFact]
    public async Task ChildTaskActivities_AreClaimedOnTheTaskQueueTheParentNamed()
    {
        var harness = new RuntimeHarness(Store);
        var queues = new List<string>();
        harness.Probe.Behaviour = (context, _) =>
        {
            lock (queues)
            {
                queues.Add(context.Queue);
            }

            return TaskOutcome.Completed();
        };
        await harness.PublishAsync(Named("child", Seq("s", A("probe", "Test.Probe", ("text", Lit("hi"))))));
        await harness.PublishAsync(Named("parent", Seq("p",
            A("exec", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("child")), ("waitForCompletion", Lit(true)), ("taskQueue", Lit("children"))),
            Bulk("bulk", "child", LitList(1, 2), wait: true, ("taskQueue", Lit("bulk-children"))),
            A("own", "Test.Probe", ("text", Lit("parent"))))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(parent!.Id)).SubStatus);
        Assert.Equal(["bulk-children", "bulk-children", "children", "probe"], queues.Order());
        var children = await ChildrenOf(parent.Id);
        var childTasks = (await Task.WhenAll(children.Select(c => Store.ListTasksAsync(c.Id)))).SelectMany(t => t).ToList();
        Assert.Equal(["bulk-children", "bulk-children", "children"], childTasks.Select(t => t.Queue).Order());
        Assert.All(childTasks, t => Assert.Equal(TaskState.Completed, t.State));
        Assert.Equal("probe", Assert.Single(await Store.ListTasksAsync(parent.Id)).Queue);
    }
}

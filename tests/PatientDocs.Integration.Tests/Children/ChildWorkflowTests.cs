using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>ExecuteWorkflow and DispatchWorkflow on the runtime: children are real instances that resume their parent durably; one subclass per store.</summary>
public abstract class ChildWorkflowTests : OnEachStore
{
    private static JsonObject Call(string id, string type, string definitionId, bool wait, params (string Name, JsonNode? Value)[] more) =>
        A(id, type, [("workflowDefinitionId", Lit(definitionId)), ("waitForCompletion", Lit(wait)), .. more]);

    private static JsonObject WaitForEvent(string id) => A(id, "Elsa.Event", ("eventName", Lit("never")));

    private async Task<IReadOnlyList<InstanceRecord>> ChildrenOf(string parentId) =>
        (await Store.ListInstancesAsync(new InstanceQuery { ParentInstanceId = parentId })).Items;

    [StoreFact]
    public async Task ExecuteWorkflowExample_ParentWithWait_RunsTheChildBetweenItsLines()
    {
        var expected = ToolboxExampleFiles.Expectation("executeworkflow-parent-with-wait");
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(ToolboxExampleFiles.Definition(expected["dependencies"]![0]!["file"]!.GetValue<string>()));
        var parentDefinition = ToolboxExampleFiles.Definition(expected["file"]!.GetValue<string>());
        await harness.PublishAsync(parentDefinition);

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = parentDefinition.DefinitionId });
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(parent!.Id);
        Assert.Equal((expected["expectedStatus"]!.GetValue<string>(), expected["expectedSubStatus"]!.GetValue<string>()), (finished.Status.ToString(), finished.SubStatus.ToString()));
        Assert.Equal(ToolboxExampleFiles.Strings(expected["expectedWriteLines"]), harness.LinesOf(parent.Id));
        var expectedChild = expected["children"]![0]!;
        var children = await ChildrenOf(parent.Id);
        Assert.Equal(expectedChild["count"]!.GetValue<int>(), children.Count);
        var child = children[0];
        Assert.Equal(expectedChild["expectedSubStatus"]!.GetValue<string>(), child.SubStatus.ToString());
        Assert.Equal(parent.Id, child.ParentInstanceId);
        Assert.Equal(ToolboxExampleFiles.Strings(expectedChild["expectedWriteLines"]), harness.LinesOf(child.Id));
        var order = harness.Lines.Select(l => (l.InstanceId == parent.Id ? "parent" : l.InstanceId == child.Id ? "child" : "other", l.Text)).ToArray();
        var interleave = expected["interleave"]!.AsArray().Select(p => (p![0]!.GetValue<string>(), p[1]!.GetValue<string>())).ToArray();
        Assert.Equal(interleave, order);
    }

    [StoreFact]
    public async Task DispatchExample_WithInputAndCorrelation_WaitsForTheChild()
    {
        var expected = ToolboxExampleFiles.Expectation("dispatch-wait-input-correlation");
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(ToolboxExampleFiles.Definition(expected["dependencies"]![0]!["file"]!.GetValue<string>()));
        var parentDefinition = ToolboxExampleFiles.Definition(expected["file"]!.GetValue<string>());
        await harness.PublishAsync(parentDefinition);

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = parentDefinition.DefinitionId });
        Assert.Equal(WorkflowSubStatus.Suspended, parent!.SubStatus);
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(parent.Id);
        Assert.Equal(expected["expectedSubStatus"]!.GetValue<string>(), finished.SubStatus.ToString());
        Assert.Equal(ToolboxExampleFiles.Strings(expected["expectedWriteLines"]), harness.LinesOf(parent.Id));
        var expectedChild = expected["children"]![0]!;
        var child = Assert.Single(await ChildrenOf(parent.Id));
        Assert.Equal(expectedChild["expectedSubStatus"]!.GetValue<string>(), child.SubStatus.ToString());
        Assert.Equal(expectedChild["correlationId"]!.GetValue<string>(), child.CorrelationId);
        Assert.Equal(ToolboxExampleFiles.Strings(expectedChild["expectedWriteLines"]), harness.LinesOf(child.Id));
    }

    [StoreFact]
    public async Task WorkflowActivityExample_CompleteWithOutcome_TakesOnlyThatPortInTheParent()
    {
        var expected = ToolboxExampleFiles.Expectation("workflow-activity-outcomes");
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(ToolboxExampleFiles.Definition(expected["dependencies"]![0]!["file"]!.GetValue<string>()));
        var parentDefinition = ToolboxExampleFiles.Definition(expected["file"]!.GetValue<string>());
        await harness.PublishAsync(parentDefinition);

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = parentDefinition.DefinitionId });
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(parent!.Id);
        Assert.Equal(0, finished.IncidentCount);
        Assert.Equal(expected["expectedSubStatus"]!.GetValue<string>(), finished.SubStatus.ToString());
        Assert.Equal(ToolboxExampleFiles.Strings(expected["expectedWriteLines"]), harness.LinesOf(parent.Id));
        var executed = (await Store.ListJournalAsync(parent.Id, new JournalFilter { EventNames = ["Started"] }, 0, 100)).Items.Select(j => j.ActivityId).ToList();
        Assert.Contains("ChildActivity1", executed);
        Assert.All(ToolboxExampleFiles.Strings(expected["mustNotExecute"]), id => Assert.DoesNotContain(id, executed));

        // Elsa runs a workflow used as an activity inside its parent's instance, not as a child instance.
        Assert.Empty(await ChildrenOf(parent.Id));
    }

    [StoreFact]
    public async Task ExecuteWorkflow_WithWait_OutputsTheChildsOutput()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", A("out", "Elsa.SetOutput", ("outputName", Lit("Answer")), ("outputValue", Lit(42))))));
        await harness.PublishAsync(Named("parent", Seq("p", Call("exec", "Elsa.ExecuteWorkflow", "child", wait: true))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        var finished = await harness.InstanceAsync(parent!.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("{\"Answer\":42}", JsonNode.Parse(finished.State)!["activityOutputs"]!["exec"]!["result"]!.ToJsonString());
    }

    [StoreFact]
    public async Task ExecuteWorkflow_WhenTheChildFaults_FaultsTheParentActivity()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", A("boom", "Elsa.Fault", ("message", Lit("broken"))))));
        await harness.PublishAsync(Named("parent", Seq("p", Call("exec", "Elsa.ExecuteWorkflow", "child", wait: true), WriteLine("after", "after"))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        var child = Assert.Single(await ChildrenOf(parent!.Id));
        var faulted = await harness.InstanceAsync(parent.Id);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted, 1), (faulted.Status, faulted.SubStatus, faulted.IncidentCount));
        Assert.Equal($"Child workflow instance {child.Id} faulted.", JsonNode.Parse(faulted.State)!["incidents"]![0]!["message"]!.GetValue<string>());
        Assert.Empty(harness.LinesOf(parent.Id));
    }

    [StoreFact]
    public async Task DispatchWorkflow_OfAnUnpublishedDefinition_FaultsNamingIt()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("parent", Seq("p", Call("dispatch", "Elsa.DispatchWorkflow", "missing", wait: false))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        var faulted = await harness.InstanceAsync(parent!.Id);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        Assert.Equal("No published version of workflow definition 'missing' exists.", JsonNode.Parse(faulted.State)!["incidents"]![0]!["message"]!.GetValue<string>());
        Assert.Empty(await ChildrenOf(parent.Id));
    }

    [StoreFact]
    public async Task DispatchWorkflow_WithoutWaiting_CompletesWhileTheChildWaits()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", WaitForEvent("wait"))));
        await harness.PublishAsync(Named("parent", Seq("p", Call("dispatch", "Elsa.DispatchWorkflow", "child", wait: false), WriteLine("after", "after"))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(parent!.Id)).SubStatus);
        Assert.Equal(["after"], harness.LinesOf(parent.Id));
        var child = Assert.Single(await ChildrenOf(parent.Id));
        Assert.Equal(WorkflowSubStatus.Suspended, child.SubStatus);
    }

    [StoreFact]
    public async Task DispatchWorkflow_WithoutWaiting_CompletesInItsOwnBurst_WithNoSuspendedOrResumedRecord()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", WaitForEvent("wait"))));
        await harness.PublishAsync(Named("parent", Seq("p", Call("dispatch", "Elsa.DispatchWorkflow", "child", wait: false), WriteLine("after", "after"))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });

        // The first burst alone finished the parent, before any worker ran, and created the child in its commit.
        Assert.Equal(WorkflowSubStatus.Finished, parent!.SubStatus);
        Assert.Single(await ChildrenOf(parent.Id));
        var journal = await Store.ListJournalAsync(parent.Id, new JournalFilter { ActivityIds = ["dispatch"] }, 0, 100);
        Assert.Equal(["Started", "Completed"], journal.Items.Select(j => j.EventName));
    }

    [StoreFact]
    public async Task DispatchWorkflow_WithoutWaiting_WhenTheParentsCommitFails_CreatesOneChildWhenTheBurstRunsAgain()
    {
        var (store, failing) = FailingCommitStore.Wrap(Store, commit => commit.NewInstances.Count > 0);
        var harness = new RuntimeHarness(store);
        await harness.PublishAsync(Named("child", Seq("s", WaitForEvent("wait"))));
        await harness.PublishAsync(Named("parent", Seq("p", Call("dispatch", "Elsa.DispatchWorkflow", "child", wait: false), WriteLine("after", "after"))));

        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        Assert.Equal(1, failing.Failed);
        Assert.Empty(await ChildrenOf(parent!.Id));
        lock (harness.Errors)
        {
            harness.Errors.Clear();
        }

        // The failed burst's lease expires and its start item runs again.
        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(parent.Id)).SubStatus);
        Assert.Single(await ChildrenOf(parent.Id));
    }

    [StoreFact]
    public async Task Cancel_OfAParentWaitingOnAChild_CancelsTheChild()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("child", Seq("s", WaitForEvent("wait"))));
        await harness.PublishAsync(Named("parent", Seq("p", Call("dispatch", "Elsa.DispatchWorkflow", "child", wait: true))));
        var parent = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await harness.DriveAsync();
        var child = Assert.Single(await ChildrenOf(parent!.Id));
        Assert.Equal(WorkflowSubStatus.Suspended, child.SubStatus);

        Assert.True(await harness.Runtime.CancelAsync(parent.Id));
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Cancelled, (await harness.InstanceAsync(parent.Id)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Cancelled, (await harness.InstanceAsync(child.Id)).SubStatus);
    }

    [StoreFact]
    public async Task ChildCompletion_AfterARestart_ResumesTheParentOnANewWorker()
    {
        var before = new RuntimeHarness(Store);
        await before.PublishAsync(Named("child", Seq("s", WaitForEvent("wait"))));
        await before.PublishAsync(Named("parent", Seq("p", Call("exec", "Elsa.ExecuteWorkflow", "child", wait: true), WriteLine("after", "after"))));
        var parent = await before.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "parent" });
        await before.DriveAsync();

        var after = new RuntimeHarness(Store);
        Assert.Equal(1, await after.Runtime.PublishEventAsync("never", null, null));
        await after.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await after.InstanceAsync(parent!.Id)).SubStatus);
        Assert.Equal(["after"], after.LinesOf(parent.Id));
    }
}

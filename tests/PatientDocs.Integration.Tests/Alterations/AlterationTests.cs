using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Alterations;

/// <summary>Each alteration type on the runtime (bursts, tasks, a manual clock); one subclass per store.</summary>
public abstract class AlterationTests : OnEachStore
{
    private static readonly string[] Branches = ["Social", "News", "Summary"];

    private static JsonObject Probe(string id) => A(id, "Test.Probe", ("text", Lit(id)));

    /// <summary>research → draft → fork {social, news, summary} → join (WaitAll) → publish: the content pipeline's shape.</summary>
    private static WorkflowDefinition Pipeline() => Def(
        "pipeline",
        [
            A("start", "Elsa.Start"), Probe("research"), Probe("draft"),
            A("fork", "Elsa.FlowFork", ("branches", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Social\",\"News\",\"Summary\"]" } })),
            Probe("social"), Probe("news"), Probe("summary"), A("join", "Elsa.FlowJoin", ("mode", Lit("WaitAll"))), Probe("publish"),
        ],
        [
            C("start", "research"), C("research", "draft"), C("draft", "fork"),
            C("fork", "social", Branches[0]), C("fork", "news", Branches[1]), C("fork", "summary", Branches[2]),
            C("social", "join"), C("news", "join"), C("summary", "join"), C("join", "publish"),
        ]);

    private static AlterationRunner Runner(RuntimeHarness harness) =>
        new(harness.Store, harness.InstanceWorker, harness.Signal, harness.Clock, Options.Create(new RuntimeOptions { NodeId = "node-a" }));

    private async Task<Dictionary<string, int>> ExecutionsAsync(string instanceId) =>
        (await Store.ListActivityExecutionsAsync(instanceId, null)).GroupBy(e => e.ActivityId).ToDictionary(g => g.Key, g => g.Count());

    private static async Task<AlterationResult> RunAsync(RuntimeHarness harness, string instanceId, params Alteration[] alterations)
    {
        var run = await Runner(harness).RunAsync([instanceId], alterations);
        Assert.Empty(run.Errors);
        return Assert.Single(run.Results);
    }

    [StoreFact]
    public async Task ScheduleActivity_OnAFaultedBranchOfAForkAndJoin_RerunsItAndWhatFollowsOnly()
    {
        var harness = new RuntimeHarness(Store);
        var healthy = false;
        harness.Probe.Behaviour = (_, text) => text == "news" && !healthy ? TaskOutcome.Permanent("the model refused") : TaskOutcome.Completed();
        await harness.PublishAsync(Pipeline());
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "pipeline" });
        await harness.DriveAsync();
        var faulted = await harness.InstanceAsync(started!.Id);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted, 1), (faulted.Status, faulted.SubStatus, faulted.IncidentCount));

        healthy = true;
        var result = await RunAsync(harness, started.Id, new ScheduleActivity("news"));
        await harness.DriveAsync();

        Assert.True(result.IsSuccessful);
        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (finished.Status, finished.SubStatus, finished.IncidentCount));
        var executions = await ExecutionsAsync(started.Id);
        Assert.Equal(
            new Dictionary<string, int> { ["start"] = 1, ["research"] = 1, ["draft"] = 1, ["fork"] = 1, ["social"] = 1, ["news"] = 2, ["summary"] = 1, ["join"] = 1, ["publish"] = 1 },
            executions);
        var calls = harness.Probe.Calls.Select(c => c.Text!).ToArray();
        Assert.Equal(["research", "draft"], calls[..2]);
        Assert.Equal(["news", "social", "summary"], calls[2..5].Order());
        Assert.Equal(["news", "publish"], calls[5..]);
    }

    [StoreFact]
    public async Task ScheduleActivity_OnAFinishedInstance_ReopensItAndRerunsTheActivityAndEverythingDownstream()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Pipeline());
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "pipeline" });
        await harness.DriveAsync();
        Assert.Equal(WorkflowStatus.Finished, (await harness.InstanceAsync(started!.Id)).Status);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var result = await RunAsync(harness, started.Id, new ScheduleActivity("draft"));
        var reopened = await harness.InstanceAsync(started.Id);
        await harness.DriveAsync();

        Assert.True(result.WorkflowHasScheduledWork);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended, (DateTimeOffset?)null), (reopened.Status, reopened.SubStatus, reopened.FinishedAt));
        var finished = await harness.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, harness.Clock.GetUtcNow()), (finished.Status, finished.SubStatus, finished.FinishedAt));
        var executions = await ExecutionsAsync(started.Id);
        Assert.Equal(
            new Dictionary<string, int> { ["start"] = 1, ["research"] = 1, ["draft"] = 2, ["fork"] = 2, ["social"] = 2, ["news"] = 2, ["summary"] = 2, ["join"] = 2, ["publish"] = 2 },
            executions);

        // The re-run tasks are new attempts under new keys: the first run's effects are not what the service dedupes.
        var draftKeys = harness.Probe.Calls.Where(c => c.Text == "draft").Select(c => c.Key).ToList();
        Assert.Equal(2, draftKeys.Distinct().Count());
    }

    [StoreFact]
    public async Task ModifyVariable_ByNameOrId_IsWhatTheNextActivityReads()
    {
        var harness = new RuntimeHarness(Store);
        var definition = Def(
            [A("start", "Elsa.Start"), A("wait", "Elsa.Event", ("eventName", Lit("go"))), A("say", "Elsa.WriteLine", ("text", Var("Greeting")))],
            [C("start", "wait"), C("wait", "say")],
            ("Greeting", "String", "hi"));
        await harness.PublishAsync(definition);
        var first = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        var second = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });

        var byName = await RunAsync(harness, first!.Id, new ModifyVariable("Greeting", JsonValue.Create("hello")));
        var byId = await RunAsync(harness, second!.Id, new ModifyVariable("id-Greeting", JsonValue.Create("bonjour")));
        await harness.Runtime.PublishEventAsync("go", null, null);
        await harness.DriveAsync();

        Assert.True(byName.IsSuccessful && byId.IsSuccessful);
        Assert.Equal(["hello"], harness.LinesOf(first.Id));
        Assert.Equal(["bonjour"], harness.LinesOf(second.Id));
    }

    [StoreFact]
    public async Task CancelActivity_OfAWaitingTask_CancelsItsTaskAndCompletesItAsCancelled()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Def([A("start", "Elsa.Start"), Probe("probe"), WriteLine("after", "after")], [C("start", "probe"), C("probe", "after")]));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        Assert.Equal(TaskState.Pending, Assert.Single(await Store.ListTasksAsync(started!.Id)).State);

        var result = await RunAsync(harness, started.Id, new CancelActivity("probe"));
        await harness.DriveAsync();

        Assert.True(result.IsSuccessful);
        Assert.Equal(TaskState.Cancelled, Assert.Single(await Store.ListTasksAsync(started.Id)).State);
        Assert.Empty(harness.Probe.Calls);
        Assert.Empty(harness.LinesOf(started.Id));
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started.Id)).SubStatus);
        var probe = Assert.Single(await Store.ListActivityExecutionsAsync(started.Id, null), e => e.ActivityId == "probe");
        Assert.Equal(ActivityExecutionStatus.Canceled, probe.Status);
        Assert.Empty(await Store.ListBookmarksAsync(started.Id));
    }

    [StoreFact]
    public async Task CancelActivity_OfAnActivityThatIsNotRunning_IsRefusedAndChangesNothing()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Def([A("start", "Elsa.Start"), A("wait", "Elsa.Event", ("eventName", Lit("go"))), WriteLine("after", "after")], [C("start", "wait"), C("wait", "after")]));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });

        var result = await RunAsync(harness, started!.Id, new CancelActivity("after"));

        Assert.False(result.IsSuccessful);
        Assert.Contains("not running", Assert.Single(result.Log).Message);
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started.Id)).SubStatus);
        Assert.Single(await Store.ListBookmarksAsync(started.Id));
    }

    [StoreFact]
    public async Task Migrate_MovesTheInstanceToTheTargetVersion_AndRefusesOneWithoutTheActivityItWaitsIn()
    {
        var harness = new RuntimeHarness(Store);
        WorkflowDefinition Version(int version, params string[] lines)
        {
            var activities = new List<JsonObject> { A("start", "Elsa.Start") };
            var connections = new List<JsonObject>();
            var previous = "start";
            if (lines.Length == 0 || lines[0] != "no-wait")
            {
                activities.Add(A("wait", "Elsa.Event", ("eventName", Lit("go"))));
                connections.Add(C(previous, "wait"));
                previous = "wait";
            }

            foreach (var line in lines.Where(l => l != "no-wait"))
            {
                activities.Add(WriteLine(line, line));
                connections.Add(C(previous, line));
                previous = line;
            }

            var definition = Def("mig", [.. activities], [.. connections]);
            definition.Json["id"] = $"mig-v{version}";
            definition.Json["version"] = version;
            return new WorkflowDefinition(definition.Json);
        }

        await harness.PublishAsync(Version(1, "v1"));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "mig" });
        await harness.PublishAsync(Version(2, "v2"));
        await harness.PublishAsync(Version(3, "no-wait", "v3"));

        var refused = await RunAsync(harness, started!.Id, new Migrate(3));
        var migrated = await RunAsync(harness, started.Id, new Migrate(2));
        var moved = await harness.InstanceAsync(started.Id);
        await harness.Runtime.PublishEventAsync("go", null, null);
        await harness.DriveAsync();

        Assert.False(refused.IsSuccessful);
        Assert.Contains("'wait'", refused.Log[0].Message);
        Assert.True(migrated.IsSuccessful);
        Assert.Equal((2, "mig-v2"), (moved.Version, moved.DefinitionVersionId));
        Assert.Equal(["v2"], harness.LinesOf(started.Id));
    }

    [StoreFact]
    public async Task Run_NamesTheFieldOfAnActivityTheDefinitionLacks_AndReportsAnUnknownInstancePerInstance()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Def([A("start", "Elsa.Start"), A("wait", "Elsa.Event", ("eventName", Lit("go")))], [C("start", "wait")]));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });

        var unknownActivity = await Runner(harness).RunAsync([started!.Id], [new ScheduleActivity("wait"), new ScheduleActivity("nope")]);
        var unknownInstance = await Runner(harness).RunAsync(["no-such-instance", started.Id], [new ModifyVariable("x", null)]);
        var mixed = await Runner(harness).RunAsync(["no-such-instance"], [new CancelActivity("wait")]);

        Assert.Equal("alterations[1].activityId", Assert.Single(unknownActivity.Errors).Field);
        Assert.Equal("alterations[0].variableId", Assert.Single(unknownInstance.Errors).Field);
        var missing = Assert.Single(mixed.Results);
        Assert.Equal(("no-such-instance", false), (missing.WorkflowInstanceId, missing.IsSuccessful));
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(started.Id)).SubStatus);
    }
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>The activity log the runtime commits with each burst: one start and one finish per execution, named as in the workflow; one subclass per store.</summary>
public abstract class ActivityLogTests : OnEachStore
{
    [Fact]
    public async Task TaskActivity_IsLoggedUnderItsWorkflowName_WithItsArgumentsOnStartAndFinish()
    {
        var harness = new RuntimeHarness(Store);
        var probe = A("probe", "Test.Probe", ("text", Lit("hi")));
        probe["name"] = "ProbeTheText";
        await harness.PublishAsync(Flow(probe, WriteLine("done", "ok")));

        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        var afterStart = await harness.Store.SequenceActivityLogAsync(100);
        await harness.DriveAsync();
        var lines = await LinesAsync(harness);

        Assert.Equal(3, afterStart);
        Assert.Equal(
            [("start", "Started"), ("start", "Completed"), ("probe", "Started"), ("probe", "Completed"), ("done", "Started"), ("done", "Completed")],
            lines.Select(e => (e.ActivityId, e.Phase)));
        var probeLines = lines.Where(e => e.ActivityId == "probe").ToList();
        Assert.All(probeLines, e => Assert.Equal("ProbeTheText", e.ActivityName));
        Assert.All(probeLines, e => Assert.Equal("Test.Probe", e.ActivityType));
        Assert.Equal("hi", JsonNode.Parse(probeLines[0].Arguments)!["text"]!.GetValue<string>());
        Assert.Equal(probeLines[0].Arguments, probeLines[1].Arguments);
        Assert.Equal(probeLines[0].ExecutionId, probeLines[1].ExecutionId);
        Assert.Equal("echo:hi", JsonNode.Parse(probeLines[1].Result!)!["echo"]!.GetValue<string>());
        Assert.All(lines, e => Assert.Equal(started!.Id, e.InstanceId));
    }

    [Fact]
    public async Task ActivityWithoutAName_IsLoggedUnderItsTypesDisplayName()
    {
        var harness = new RuntimeHarness(Store);
        var unnamed = WriteLine("w", "text");
        unnamed.Remove("name");
        await harness.PublishAsync(Flow(unnamed));

        await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        var lines = await LinesAsync(harness);

        var displayName = harness.Registry.Find("Elsa.WriteLine")!.Descriptor.DisplayName;
        Assert.False(string.IsNullOrEmpty(displayName));
        Assert.Equal([displayName, displayName], lines.Where(e => e.ActivityId == "w").Select(e => e.ActivityName));
    }

    [Fact]
    public async Task FaultedTaskRetriedByAnOperator_HasOneLinePerJournalStartAndFinish()
    {
        var harness = new RuntimeHarness(Store);
        var healthy = false;
        harness.Probe.Behaviour = (_, _) => healthy ? TaskOutcome.Completed() : TaskOutcome.Permanent("404");
        await harness.PublishAsync(Flow(A("probe", "Test.Probe", ("text", Lit("x"))), WriteLine("after", "ok")));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        await harness.DriveAsync();
        healthy = true;
        Assert.True(await harness.Runtime.RetryAsync(started!.Id));
        await harness.DriveAsync();

        var lines = await LinesAsync(harness);
        var journal = (await harness.Store.ListJournalAsync(started.Id, new JournalFilter { EventNames = ["Started", "Completed", "Faulted"] }, 0, 1000)).Items
            .Where(j => j.ActivityInstanceId is not null)
            .Select(j => (j.ActivityInstanceId, j.EventName))
            .ToList();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.InstanceAsync(started.Id)).SubStatus);
        Assert.Equal(journal.Order(), lines.Select(e => (e.ExecutionId, e.Phase)).Order());
        Assert.Equal(["Started", "Faulted", "Started", "Completed"], lines.Where(e => e.ActivityId == "probe").Select(e => e.Phase));
        Assert.Contains("404", lines.Single(e => e.Phase == "Faulted").Result);
    }

    private static async Task<List<ActivityEvent>> LinesAsync(RuntimeHarness harness)
    {
        await harness.Store.SequenceActivityLogAsync(1000);
        return (await harness.Store.ReadActivityLogAsync(0, 1000)).Select(l => l.Event).ToList();
    }

    private static WorkflowDefinition Flow(params JsonObject[] activities)
    {
        var all = new[] { A("start", "Elsa.Start") }.Concat(activities).ToArray();
        var connections = all.Zip(all.Skip(1), (a, b) => C(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>())).ToArray();
        return Def("def", all, connections);
    }
}

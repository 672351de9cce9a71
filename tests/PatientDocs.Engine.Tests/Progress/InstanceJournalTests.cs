using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Progress;

/// <summary>The instance-level journal records a burst writes for the progress streams.</summary>
public sealed class InstanceJournalTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static List<string> RootNames(Harness h) => h.Journal.Where(j => j.ActivityInstanceId is null).Select(j => j.EventName).ToList();

    [Fact]
    public void Burst_EndingSuspended_JournalsWorkflowSuspendedLast_AndTheResumingBurstJournalsWorkflowResumedFirst()
    {
        var h = new Harness();
        var start = h.Start(Def([A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:01"))), A("w", "Elsa.WriteLine", ("text", Lit("done")))], [C("d", "w")]));
        var firstBurst = start.Journal.Select(j => j.EventName).ToList();

        var resumed = h.Resume(start.NewBookmarks[0].Id);

        Assert.Equal(["Started", "Started", "Suspended", "WorkflowSuspended"], firstBurst);
        Assert.Equal(["WorkflowResumed", "Resumed", "Completed", "Started", "Completed", "Completed"], resumed.Journal.Select(j => j.EventName));
        Assert.Null(resumed.Journal[0].ActivityInstanceId);
        Assert.True(resumed.Journal[0].Sequence > start.Journal[^1].Sequence);
    }

    [Fact]
    public void Burst_EndingFaulted_JournalsWorkflowFaultedWithTheIncident_AndRetryJournalsWorkflowResumed()
    {
        var h = new Harness();
        var start = h.Start(Def(
            [A("fetch", "Test.Fetch", ("url", Lit("http://x/1")), ("size", Lit("1")))],
            []));
        var failure = JsonSerializer.SerializeToNode(new TaskResumePayload { Succeeded = false, Error = "503 from upstream" }, Web);

        var faulted = h.Resume(start.Tasks[0].BookmarkId, failure);
        var retried = h.Retry();

        Assert.Equal(["WorkflowResumed", "Resumed", "Faulted", "WorkflowFaulted"], faulted.Journal.Select(j => j.EventName));
        Assert.Equal("503 from upstream", faulted.Journal[^1].Message);
        Assert.Equal(["WorkflowResumed", "Started", "Suspended", "WorkflowSuspended"], retried.Journal.Select(j => j.EventName));
    }

    [Fact]
    public void Burst_FinishingInOne_JournalsNoSuspensionOrResumption()
    {
        var h = new Harness();

        h.Start(Def([A("w", "Elsa.WriteLine", ("text", Lit("hi")))], []));

        Assert.Equal(["Started", "Completed"], RootNames(h));
    }

    [Fact]
    public void Cancel_OfASuspendedInstance_JournalsTheCancellationWithoutAResumption()
    {
        var h = new Harness();
        h.Start(Def([A("e", "Elsa.Event", ("eventName", Lit("go")))], []));

        var cancelled = h.Cancel();

        // The waiting activity ends as cancelled, then the workflow does.
        Assert.Equal([("e", "Cancelled"), ("", "Cancelled")], cancelled.Journal.Select(j => (j.ActivityInstanceId is null ? "" : j.ActivityId, j.EventName)));
        Assert.Equal(["Started", "WorkflowSuspended", "Cancelled"], RootNames(h));
    }

    [Fact]
    public void JournalCap_KeepsTheInstanceLevelRecords()
    {
        var h = new Harness(maxJournal: 3);
        var start = h.Start(Def(
            [A("a", "Elsa.WriteLine", ("text", Lit("1"))), A("b", "Elsa.WriteLine", ("text", Lit("2"))), A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:01")))],
            [C("a", "b"), C("b", "d")]));

        Assert.Equal(["Started", "JournalTruncated", "WorkflowSuspended"], start.Journal.Where(j => j.ActivityInstanceId is null).Select(j => j.EventName));
        Assert.Equal("WorkflowSuspended", start.Journal[^1].EventName);
    }
}

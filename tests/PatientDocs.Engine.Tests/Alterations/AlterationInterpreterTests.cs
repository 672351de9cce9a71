using System.Text.Json.Nodes;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Alterations;

/// <summary>Alterations and the timeout in the interpreter alone: what a burst does with them.</summary>
public sealed class AlterationInterpreterTests
{
    private static Dictionary<string, int> Started(Harness h) =>
        h.Journal.Where(j => j.EventName == "Started" && j.ActivityInstanceId is not null).GroupBy(j => j.ActivityId).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void ScheduleActivity_InANestedFlowchartOfAFaultedInstance_RerunsItAndWhatFollowsItInsideAndOutside()
    {
        var h = new Harness();
        var check = A("check", "Elsa.RunJavaScript", ("script", Lit("if (!getVariable('Ready')) throw new Error('not ready'); return 1;")));
        var definition = Def(
            [A("start", "Elsa.Start"), Flow("inner", WriteLine("a", "a"), check, WriteLine("b", "b")), WriteLine("after", "after")],
            [C("start", "inner"), C("inner", "after")],
            ("Ready", "Boolean", "false"));
        var faulted = h.Start(definition);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);

        var altered = h.Alter(new ModifyVariable("Ready", JsonValue.Create(true)), new ScheduleActivity("check"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (altered.Status, altered.SubStatus, altered.IncidentCount));
        Assert.Equal(["a", "b", "after"], h.Lines);
        Assert.Equal(new Dictionary<string, int> { ["start"] = 1, ["inner"] = 1, ["a"] = 1, ["check"] = 2, ["b"] = 1, ["after"] = 1 }, Started(h));
    }

    [Fact]
    public void ScheduleActivity_OnAFinishedInstance_RerunsFromThereOnly()
    {
        var h = new Harness();
        h.Start(Def([A("start", "Elsa.Start"), WriteLine("one", "one"), WriteLine("two", "two"), WriteLine("three", "three")], [C("start", "one"), C("one", "two"), C("two", "three")]));

        var altered = h.Alter(new ScheduleActivity("two"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (altered.Status, altered.SubStatus));
        Assert.Equal(["one", "two", "three", "two", "three"], h.Lines);
        Assert.Contains("'two' scheduled; 1 downstream", Assert.IsAssignableFrom<IReadOnlyList<string>>(altered.AlterationLog)[1]);
    }

    [Fact]
    public void ScheduleActivity_AfterATimeout_ReopensTheInstanceWithoutItsTimedOutIncident()
    {
        var h = new Harness();
        h.Start(Def([A("start", "Elsa.Start"), Delay("delay", "01:00:00"), WriteLine("after", "after")], [C("start", "delay"), C("delay", "after")]));
        Assert.Equal(WorkflowSubStatus.Faulted, h.TimeOut(TimeSpan.FromMinutes(5)).SubStatus);

        var reopened = h.Alter(new ScheduleActivity("after"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (reopened.Status, reopened.SubStatus, reopened.IncidentCount));
        Assert.Equal(["after"], h.Lines);
    }

    [Fact]
    public void ScheduleActivity_OfAChildOfASequence_IsRefusedNamingTheContainer()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq", A("wait", "Elsa.Event", ("eventName", Lit("go"))), WriteLine("after", "after"))));

        var refused = h.Alter(new ScheduleActivity("wait"));

        Assert.True(refused.Ignored);
        Assert.Contains("structured container", refused.IgnoredReason);
    }

    [Fact]
    public void CancelActivity_OfADelay_CompletesItAsCancelledAndFollowsNoOutcome()
    {
        var h = new Harness();
        h.Start(Def([A("start", "Elsa.Start"), Delay("delay"), WriteLine("after", "after")], [C("start", "delay"), C("delay", "after")]));

        var altered = h.Alter(new CancelActivity("delay"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (altered.Status, altered.SubStatus));
        Assert.Empty(h.Lines);
        Assert.Empty(h.Bookmarks);
        Assert.Contains(h.Journal, j => j is { ActivityId: "delay", EventName: "Cancelled" });
        Assert.Equal(ActivityExecutionStatus.Canceled, Assert.Single(altered.ActivityExecutions).Status);
    }

    [Fact]
    public void ModifyVariable_OnAFinishedInstance_KeepsHowItEnded()
    {
        var h = new Harness();
        h.Start(Def([A("start", "Elsa.Start"), A("wait", "Elsa.Event", ("eventName", Lit("go")))], [C("start", "wait")], ("Note", "String", "a")));
        h.Cancel();

        var altered = h.Alter(new ModifyVariable("Note", JsonValue.Create("b")));

        Assert.False(altered.Ignored);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Cancelled), (altered.Status, altered.SubStatus));
        Assert.Equal("b", h.StateObject["variables"]!["Note"]!.GetValue<string>());
    }

    [Fact]
    public void TimeOut_OfARunningInstance_EndsItFaultedAsTimedOut_AndOfAFinishedOneDoesNothing()
    {
        var h = new Harness();
        h.Start(Def([A("start", "Elsa.Start"), Delay("delay", "01:00:00")], [C("start", "delay")]));

        var timedOut = h.TimeOut(TimeSpan.FromMinutes(5));
        var again = h.TimeOut(TimeSpan.FromMinutes(5));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Faulted, 1), (timedOut.Status, timedOut.SubStatus, timedOut.IncidentCount));
        Assert.Contains(timedOut.Journal, j => j.EventName == "WorkflowFaulted" && j.Message == "TimedOut: the workflow ran longer than its timeout of 00:05:00.");
        Assert.Contains(timedOut.Journal, j => j is { ActivityId: "delay", EventName: "Cancelled" });
        Assert.Empty(h.Bookmarks);
        Assert.True(again.Ignored);
    }
}

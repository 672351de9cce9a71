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
    public void ScheduleActivity_OfAFaultedChildOfASequence_RerunsItAndTheSequenceCarriesOn()
    {
        var h = new Harness();
        var check = A("check", "Elsa.RunJavaScript", ("script", Lit("if (!getVariable('Ready')) throw new Error('not ready'); return 1;")));
        var definition = Def(
            [A("start", "Elsa.Start"), Seq("seq", WriteLine("a", "a"), check, WriteLine("b", "b")), WriteLine("after", "after")],
            [C("start", "seq"), C("seq", "after")],
            ("Ready", "Boolean", "false"));
        Assert.Equal(WorkflowSubStatus.Faulted, h.Start(definition).SubStatus);

        var altered = h.Alter(new ModifyVariable("Ready", JsonValue.Create(true)), new ScheduleActivity("check"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (altered.Status, altered.SubStatus, altered.IncidentCount));
        Assert.Equal(["a", "b", "after"], h.Lines);
        Assert.Equal(new Dictionary<string, int> { ["start"] = 1, ["seq"] = 1, ["a"] = 1, ["check"] = 2, ["b"] = 1, ["after"] = 1 }, Started(h));
    }

    [Fact]
    public void ScheduleActivity_OfACompletedChildOfARunningSequence_GoesBackToIt_AndStopsWhatTheSequenceRanSince()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq", WriteLine("one", "one"), WriteLine("two", "two"), A("wait", "Elsa.Event", ("eventName", Lit("go"))))));
        var firstWait = Assert.Single(h.Bookmarks).Id;

        var altered = h.Alter(new ScheduleActivity("one"));

        Assert.False(altered.Ignored);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (altered.Status, altered.SubStatus));
        Assert.Equal(["one", "two", "one", "two"], h.Lines);
        Assert.Contains(h.Journal, j => j is { ActivityId: "wait", EventName: "Cancelled" });
        Assert.NotEqual(firstWait, Assert.Single(h.Bookmarks).Id);
        Assert.Equal(new Dictionary<string, int> { ["seq"] = 1, ["one"] = 2, ["two"] = 2, ["wait"] = 2 }, Started(h));
    }

    [Fact]
    public void ScheduleActivity_OfAnEarlierChildOfASequenceStuckOnAFault_GoesBackToIt_AndClearsTheFault()
    {
        var h = new Harness();
        var check = A("check", "Elsa.RunJavaScript", ("script", Lit("if (!getVariable('Ready')) throw new Error('not ready'); return 1;")));
        h.Start(Root(Seq("seq", WriteLine("one", "one"), check, WriteLine("two", "two")), ("Ready", "Boolean", "false")));
        Assert.Equal(1, h.Last!.IncidentCount);

        var altered = h.Alter(new ModifyVariable("Ready", JsonValue.Create(true)), new ScheduleActivity("one"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (altered.Status, altered.SubStatus, altered.IncidentCount));
        Assert.Equal(["one", "one", "two"], h.Lines);
    }

    [Fact]
    public void ScheduleActivity_OfAChildOfASequenceInAnIf_OnAFinishedInstance_RerunsFromThatChildOutwards()
    {
        var h = new Harness();
        var branch = Seq("seq", WriteLine("x", "x"), WriteLine("y", "y"), WriteLine("z", "z"));
        h.Start(Def(
            [A("start", "Elsa.Start"), A("if", "Elsa.If", ("condition", Lit(true)), ("then", branch)), WriteLine("after", "after")],
            [C("start", "if"), C("if", "after")]));
        Assert.Equal(["x", "y", "z", "after"], h.Lines);

        var altered = h.Alter(new ScheduleActivity("y"));

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (altered.Status, altered.SubStatus));
        Assert.Equal(["x", "y", "z", "after", "y", "z", "after"], h.Lines);
        Assert.Equal(new Dictionary<string, int> { ["start"] = 1, ["if"] = 2, ["seq"] = 2, ["x"] = 1, ["y"] = 2, ["z"] = 2, ["after"] = 2 }, Started(h));
    }

    [Fact]
    public void ScheduleActivity_OfAChildOfALoopThatIsNotAtIt_IsRefusedNamingTheLoop()
    {
        var h = new Harness();
        h.Start(Def(
            [A("start", "Elsa.Start"), A("loop", "Elsa.ForEach", ("items", LitList(1, 2)), ("body", WriteLine("line", "line")))],
            [C("start", "loop")]));
        Assert.Equal(["line", "line"], h.Lines);

        var refused = h.Alter(new ScheduleActivity("line"));

        Assert.True(refused.Ignored);
        Assert.Contains("'loop' (Elsa.ForEach), which cannot go back", refused.IgnoredReason);
        Assert.Equal(["line", "line"], h.Lines);
    }

    [Fact]
    public void ScheduleActivity_OfAWaitingChildOfALoop_RerunsItInItsIteration()
    {
        var h = new Harness();
        h.Start(Root(A("loop", "Elsa.ForEach", ("items", LitList(1, 2)), ("body", Seq("body", WriteLine("line", "line"), A("wait", "Elsa.Event", ("eventName", Lit("go"))))))));
        Assert.Equal(["line"], h.Lines);

        h.Alter(new ScheduleActivity("line"));
        Assert.Equal(["line", "line"], h.Lines);
        var resumed = h.Resume(Assert.Single(h.Bookmarks).Id);

        // Still the first iteration: the loop's second one runs after it.
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (resumed.Status, resumed.SubStatus));
        Assert.Equal(["line", "line", "line"], h.Lines);
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
    public void TimeOut_ArmedBeforeTheInstanceWasReopened_IsIgnored_AndTheOneOfTheNewRunCounts()
    {
        var h = new Harness();
        h.Start(Def([A("start", "Elsa.Start"), Delay("delay", "01:00:00"), WriteLine("after", "after")], [C("start", "delay"), C("delay", "after")]));
        h.TimeOut(TimeSpan.FromMinutes(5));
        var reopened = h.Alter(new ScheduleActivity("delay"));
        Assert.Equal(1, reopened.Reopenings);

        var stale = h.TimeOut(TimeSpan.FromMinutes(5));
        Assert.True(stale.Ignored);
        Assert.Equal(WorkflowSubStatus.Suspended, stale.SubStatus);
        var current = h.TimeOut(TimeSpan.FromMinutes(5), reopenings: 1);

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Faulted), (current.Status, current.SubStatus));
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

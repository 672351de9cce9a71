using System.Diagnostics;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Execution;

public sealed class FlowSchedulingTests
{
    [Fact]
    public void WaitAllJoin_RunsOnceAfterEveryBranch()
    {
        var h = new Harness();
        h.Start(Def(
            [WriteLine("s", "start"), A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:05"))), WriteLine("b", "b"), A("j", "Elsa.FlowJoin", ("mode", Lit("WaitAll"))), WriteLine("end", "end")],
            [C("s", "d"), C("s", "b"), C("d", "j"), C("b", "j"), C("j", "end")]));

        Assert.Equal(["start", "b"], h.Lines);
        h.Resume(h.Bookmarks[0].Id);
        Assert.Equal(["start", "b", "end"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void WaitAnyJoin_RunsOnFirstBranchAndCancelsTheWaitingOne()
    {
        var h = new Harness();
        h.Start(Def(
            [WriteLine("s", "start"), A("d", "Elsa.Delay", ("timeSpan", Lit("00:00:05"))), WriteLine("b", "b"), A("j", "Elsa.FlowJoin", ("mode", Lit("WaitAny"))), WriteLine("end", "end")],
            [C("s", "d"), C("s", "b"), C("d", "j"), C("b", "j"), C("j", "end")]));

        Assert.Equal(["start", "b", "end"], h.Lines);
        Assert.Equal(1, h.CompletedCount("j"));
        Assert.Empty(h.Bookmarks);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void ImplicitJoin_WaitsForBothForwardBranches()
    {
        var h = new Harness();
        h.Start(Def([WriteLine("s", "s"), WriteLine("a", "a"), WriteLine("b", "b"), WriteLine("m", "m")], [C("s", "a"), C("s", "b"), C("a", "m"), C("b", "m")]));

        Assert.Equal(["s", "a", "b", "m"], h.Lines);
    }

    [Fact]
    public void Loop_OfOneHundredThousandSteps_FinishesWithoutStackOverflowAndSmallState()
    {
        var small = RunLoop(10);
        var large = RunLoop(100_000);

        Assert.Equal(100_000, large.Count);
        Assert.InRange(large.StateLength - small.StateLength, 0, 40);
    }

    [Fact]
    public void Loop_ThroughDecisionAndBackwardConnection_RunsEachPass()
    {
        var h = new Harness();
        h.Start(Def(
            [A("s", "Elsa.Start"), A("inc", "Elsa.SetVariable", ("variable", "N"), ("value", Js("return variables.N + 1;"))), A("d", "Elsa.FlowDecision", ("condition", Js("return variables.N < 3;"))), A("w", "Elsa.WriteLine", ("text", Js("return 'N=' + variables.N;")))],
            [C("s", "inc"), C("inc", "d"), C("d", "inc", "True"), C("d", "w", "False")],
            ("N", "Int32", "0")));

        Assert.Equal(["N=3"], h.Lines);
        Assert.Equal(3, h.CompletedCount("inc"));
    }

    [Fact]
    public void Flowchart_WithNoActivities_FinishesAtOnce()
    {
        var h = new Harness();
        Assert.Equal(WorkflowStatus.Finished, h.Start(Def([], [])).Status);
    }

    [Fact]
    public void OldLayout_WithStartAndStringEndpoints_Runs()
    {
        var json = """
            {"id":"x","definitionId":"d","version":1,"root":{"type":"Elsa.Flowchart","id":"F","start":"B",
              "activities":[{"id":"A","type":"Elsa.WriteLine","text":{"expression":{"type":"Literal","value":"a"}}},
                            {"id":"B","type":"Elsa.WriteLine","text":{"expression":{"type":"Literal","value":"b"}}}],
              "connections":[{"source":"B","target":"A","sourcePort":"Done","targetPort":"In"}]}}
            """;
        var h = new Harness();
        h.Start(PatientDocs.Engine.Definitions.WorkflowDefinition.Parse(json));

        Assert.Equal(["b", "a"], h.Lines);
    }

    [Fact]
    public void JournalCap_KeepsTheBurstBoundedAndSaysSo()
    {
        var h = new Harness(maxJournal: 50);
        h.Start(Def([A("c", "Test.Counter", ("limit", Lit(1000)))], [C("c", "c", "Again")], ("Count", "Int32", "0")));

        // The workflow's start and end are kept whatever the cap: a progress stream must see the instance finish.
        Assert.Equal(52, h.Journal.Count);
        Assert.Equal(("Completed", "JournalTruncated"), (h.Journal[^2].EventName, h.Journal[^1].EventName));
    }

    private static (long Count, int StateLength) RunLoop(int limit)
    {
        var h = new Harness(maxJournal: 100);
        var result = h.Start(Def(
            [A("s", "Elsa.Start"), A("c", "Test.Counter", ("limit", Lit(limit))), A("d", "Elsa.Delay", ("timeSpan", Lit("01:00:00")))],
            [C("s", "c"), C("c", "c", "Again"), C("c", "d", "Exit")],
            ("Count", "Int32", "0")));
        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        return (h.StateObject["variables"]!["Count"]!.GetValue<long>(), result.StateJson.Length);
    }
}

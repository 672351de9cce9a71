using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Execution;

public sealed class StructuredActivityTests
{
    private static JsonArray List(params JsonObject[] activities) => new(activities.Cast<JsonNode>().ToArray());

    private static JsonObject Case(string label, JsonObject condition, JsonObject activity) =>
        new() { ["label"] = label, ["condition"] = condition["expression"]!.DeepClone(), ["activity"] = activity };

    private static JsonObject Line(string id, JsonObject text) => A(id, "Elsa.WriteLine", ("text", text));

    [Fact]
    public void Sequence_AsRoot_RunsItsActivitiesInOrderAndFinishes()
    {
        var h = new Harness();
        var result = h.Start(Root(Seq("seq", WriteLine("a", "one"), WriteLine("b", "two"), WriteLine("c", "three"))));

        Assert.Equal(["one", "two", "three"], h.Lines);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (result.Status, result.SubStatus));
    }

    [Fact]
    public void Sequence_Variables_AreVisibleToItsChildrenAndKeepTheirUpdates()
    {
        var seq = Seq("seq",
            Line("w1", Js("return 'Counter: ' + getCounter() + ', Name: ' + getName();")),
            A("set1", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "counter-id", ["name"] = "Counter" }), ("value", Lit(10))),
            A("set2", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "Name", ["name"] = "Name" }), ("value", Lit("Updated"))),
            Line("w2", Js("return 'Counter: ' + variables.Counter + ', Name: ' + getVariable('Name');")),
            Line("w3", Var("counter-id")));
        seq["variables"] = new JsonArray(
            new JsonObject { ["id"] = "counter-id", ["name"] = "Counter", ["typeName"] = "Int32", ["value"] = "0" },
            new JsonObject { ["id"] = "Name", ["name"] = "Name", ["typeName"] = "String", ["value"] = "Initial" });
        var h = new Harness();

        var result = h.Start(Root(seq));

        Assert.Equal(["Counter: 0, Name: Initial", "Counter: 10, Name: Updated", "10"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.False(h.StateObject["variables"]!.AsObject().ContainsKey("Counter"), "a Sequence's variables belong to it, not to the workflow");
    }

    [Fact]
    public void Sequence_InnerVariable_ShadowsTheWorkflowVariableOfTheSameName()
    {
        var inner = Seq("inner", A("set", "Elsa.SetVariable", ("variable", "X"), ("value", Lit("inner"))), Line("w1", Var("X")));
        inner["variables"] = new JsonArray(new JsonObject { ["id"] = "X", ["name"] = "X", ["typeName"] = "String", ["value"] = "declared" });
        var h = new Harness();

        h.Start(Root(Seq("outer", inner, Line("w2", Var("X"))), ("X", "String", "workflow")));

        Assert.Equal(["inner", "workflow"], h.Lines);
    }

    [Theory]
    [InlineData(true, "then")]
    [InlineData(false, "else")]
    public void If_RunsTheBranchOfItsCondition_SetsResultAndCompletesAfterIt(bool condition, string expected)
    {
        var h = new Harness();
        h.Start(Root(Seq("seq",
            A("if", "Elsa.If", ("condition", Lit(condition)), ("then", WriteLine("t", "then")), ("else", WriteLine("e", "else")), ("result", Out("R"))),
            Line("after", Js("return 'after ' + variables.R;"))), ("R", "Boolean", null)));

        Assert.Equal([expected, $"after {condition.ToString().ToLowerInvariant()}"], h.Lines);
        Assert.Equal(condition, h.StateObject["activityOutputs"]!["if"]!["result"]!.GetValue<bool>());
    }

    [Fact]
    public void If_WithoutTheChosenBranch_CompletesAtOnce()
    {
        var h = new Harness();
        var result = h.Start(Root(Seq("seq", A("if", "Elsa.If", ("condition", Lit(false)), ("then", WriteLine("t", "then"))), WriteLine("after", "after"))));

        Assert.Equal(["after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void If_InAFlowchart_FollowsDoneAfterItsBranch()
    {
        var h = new Harness();
        h.Start(Def([A("if", "Elsa.If", ("condition", Js("return 1 < 2;")), ("then", WriteLine("t", "then"))), WriteLine("next", "next")], [C("if", "next")]));

        Assert.Equal(["then", "next"], h.Lines);
    }

    [Theory]
    [InlineData("MatchFirst", new[] { true, true, false }, new[] { "case 0" })]
    [InlineData("MatchAny", new[] { true, false, true }, new[] { "case 0", "case 2" })]
    [InlineData("MatchFirst", new[] { false, false, false }, new[] { "default" })]
    public void Switch_SchedulesTheMatchingCasesOrDefault(string mode, bool[] conditions, string[] expected)
    {
        var cases = new JsonArray(conditions.Select((c, i) => (JsonNode)Case($"Case {i}", Lit(c), WriteLine($"w{i}", $"case {i}"))).ToArray());
        var h = new Harness();

        h.Start(Root(Seq("seq", A("switch", "Elsa.Switch", ("mode", Lit(mode)), ("cases", cases), ("default", WriteLine("d", "default"))), WriteLine("after", "after"))));

        Assert.Equal([.. expected, "after"], h.Lines);
    }

    [Fact]
    public void Switch_WithNoMatchAndNoDefault_CompletesAtOnce()
    {
        var h = new Harness();
        var result = h.Start(Root(Seq("seq", A("switch", "Elsa.Switch", ("cases", new JsonArray(Case("A", Js("return false;"), WriteLine("w", "no"))))), WriteLine("after", "after"))));

        Assert.Equal(["after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void ForEach_RunsItsBodyPerItemInOrder_WithCurrentValueAndIndex()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq",
            A("loop", "Elsa.ForEach", ("items", Js("return ['a', 'b', 'c'];")), ("currentValue", Out("Item")),
                ("body", Line("w", Js("return getVariable('CurrentIndex') + ':' + getVariable('CurrentValue') + ':' + variables.Item;")))),
            Line("after", Var("Item"))), ("Item", "String", null)));

        Assert.Equal(["0:a:a", "1:b:b", "2:c:c", "c"], h.Lines);
    }

    [Fact]
    public void ForEach_OverNoItems_CompletesAtOnce()
    {
        var h = new Harness();
        var result = h.Start(Root(Seq("seq", A("loop", "Elsa.ForEach", ("items", Lit(Array.Empty<int>())), ("body", WriteLine("w", "no"))), WriteLine("after", "after"))));

        Assert.Equal(["after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void While_RunsItsBodyWhileTheConditionHolds_EvaluatingItEachTime()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq",
            A("loop", "Elsa.While", ("condition", Js("return variables.N < 3;")),
                ("body", A("inc", "Elsa.SetVariable", ("variable", "N"), ("value", Js("return variables.N + 1;"))))),
            Line("after", Js("return 'N=' + variables.N;"))), ("N", "Int32", "0")));

        Assert.Equal(["N=3"], h.Lines);
        Assert.Equal(3, h.CompletedCount("inc"));
    }

    [Theory]
    [InlineData(1, 3, 1, true, "1,2,3")]
    [InlineData(1, 3, 1, false, "1,2")]
    [InlineData(6, 0, -2, true, "6,4,2,0")]
    [InlineData(6, 0, -2, false, "6,4,2")]
    [InlineData(3, 1, 1, true, "")]
    public void For_StepsFromStartToEnd_AsElsaCountsThem(int start, int end, int step, bool inclusive, string expected)
    {
        var h = new Harness();
        h.Start(Root(A("loop", "Elsa.For", ("start", Lit(start)), ("end", Lit(end)), ("step", Lit(step)), ("outerBoundInclusive", Lit(inclusive)), ("currentValue", Out("Last")),
            ("body", Line("w", Js("return '' + getVariable('CurrentValue');")))), ("Last", "Int32", null)));

        Assert.Equal(expected, string.Join(",", h.Lines));
        Assert.Equal(expected.Length == 0 ? null : expected.Split(',')[^1], h.StateObject["variables"]!["Last"]?.ToJsonString());
    }

    [Fact]
    public void Break_InsideAnIfInsideASequence_EndsTheForEachAndTheOuterSequenceGoesOn()
    {
        var h = new Harness();
        var result = h.Start(Root(Seq("outer",
            WriteLine("start", "Start"),
            A("loop", "Elsa.ForEach", ("items", LitList("C#", "Rust", "Go")), ("currentValue", Out("Item")), ("body", Seq("body",
                A("if", "Elsa.If", ("condition", Js("return variables.Item === 'Rust';")), ("then", A("break", "Elsa.Break"))),
                Line("w", Var("Item"))))),
            WriteLine("end", "End")), ("Item", "String", null)));

        Assert.Equal(["Start", "C#", "End"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void Break_InANestedLoop_EndsOnlyTheInnerLoop()
    {
        var h = new Harness();
        h.Start(Root(A("outer", "Elsa.For", ("start", Lit(1)), ("end", Lit(2)), ("body",
            A("inner", "Elsa.While", ("condition", Lit(true)), ("body", Seq("body",
                Line("w", Js("return 'outer ' + getVariable('CurrentValue');")),
                A("break", "Elsa.Break"),
                WriteLine("never", "never"))))))));

        Assert.Equal(["outer 1", "outer 2"], h.Lines);
    }

    [Fact]
    public void Break_InAFlowchartBody_EndsTheLoop()
    {
        var h = new Harness();
        h.Start(Root(A("loop", "Elsa.ForEach", ("items", LitList(1, 2, 3)), ("body", AddBreak(Flow("flow",
            Line("w", Js("return 'item ' + getVariable('CurrentValue');")),
            A("d", "Elsa.FlowDecision", ("condition", Js("return getVariable('CurrentValue') === 2;")))))))));

        Assert.Equal(["item 1", "item 2"], h.Lines);
    }

    [Fact]
    public void Nesting_FlowchartInsideSequenceInsideForEach_Runs()
    {
        var h = new Harness();
        var result = h.Start(Def(
            [WriteLine("s", "start"),
             A("loop", "Elsa.ForEach", ("items", LitList("x", "y")), ("body", Seq("seq",
                 Flow("flow", Line("f1", Js("return 'flow ' + getVariable('CurrentValue');")), WriteLine("f2", "flow end")),
                 WriteLine("after-flow", "seq end")))),
             WriteLine("e", "end")],
            [C("s", "loop"), C("loop", "e")]));

        Assert.Equal(["start", "flow x", "flow end", "seq end", "flow y", "flow end", "seq end", "end"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void ForkWaitAll_CompletesOnlyAfterItsSlowestBranch()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq",
            A("fork", "Elsa.Fork", ("joinMode", "WaitAll"), ("branches", List(Seq("b1", Delay("d1"), WriteLine("w1", "slow")), WriteLine("w2", "fast")))),
            WriteLine("after", "after"))));
        Assert.Equal(["fast"], h.Lines);

        var result = h.Resume(Assert.Single(h.Bookmarks).Id);

        Assert.Equal(["fast", "slow", "after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
    }

    [Fact]
    public void ForkWaitAny_CompletesWithTheFirstBranchAndCancelsTheOthers()
    {
        var h = new Harness();
        var result = h.Start(Root(Seq("seq",
            A("fork", "Elsa.Fork", ("joinMode", "WaitAny"), ("branches", List(
                Seq("b1", A("ev", "Elsa.Event", ("eventName", Lit("never"))), WriteLine("w1", "event branch")),
                Seq("b2", WriteLine("w2", "first"), WriteLine("w3", "second"))))),
            WriteLine("after", "after"))));

        Assert.Equal(["first", "second", "after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Empty(h.Bookmarks);
        Assert.Contains(h.Journal, j => j.ActivityId == "ev" && j.EventName == "Cancelled");
    }

    [Fact]
    public void Parallel_CompletesWhenEveryActivityHas()
    {
        var h = new Harness();
        h.Start(Root(Seq("seq", A("par", "Elsa.Parallel", ("activities", List(Seq("p1", Delay("d1"), WriteLine("w1", "one")), WriteLine("w2", "two")))), WriteLine("after", "after"))));
        Assert.Equal(["two"], h.Lines);

        h.Resume(Assert.Single(h.Bookmarks).Id);

        Assert.Equal(["two", "one", "after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void Timer_InASequence_WaitsForItsIntervalOnTheClock()
    {
        var h = new Harness(timeScale: 2);
        h.Start(Root(Seq("seq", WriteLine("a", "before"), A("timer", "Elsa.Timer", ("interval", Lit("00:00:10"))), WriteLine("b", "after"))));
        var timer = Assert.Single(h.Bookmarks);
        Assert.Equal((BookmarkKind.Timer, h.Time.GetUtcNow().AddSeconds(5)), (timer.Kind, timer.DueAt!.Value));

        h.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, h.ResumeDueTimers());
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, h.ResumeDueTimers());

        Assert.Equal(["before", "after"], h.Lines);
        Assert.Equal(WorkflowStatus.Finished, h.Last!.Status);
    }

    [Fact]
    public void Timer_AsTheTriggerThatStartedTheInstance_CompletesAtOnce()
    {
        var h = new Harness();
        var definition = Def([A("timer", "Elsa.Timer", ("interval", Lit("00:01:00"))), WriteLine("w", "ran")], [C("timer", "w")]);

        var result = h.Interpreter.Run("inst-t", definition, null, new PatientDocs.Engine.Execution.StartStimulus(null, null, TriggerActivityId: "timer"));

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(["ran"], h.Lines);
    }

    private static JsonObject AddBreak(JsonObject flow)
    {
        flow["activities"]!.AsArray().Add(A("break", "Elsa.Break"));
        flow["connections"]!.AsArray().Add(C("d", "break", "True"));
        return flow;
    }
}

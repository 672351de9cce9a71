using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Expressions;

public sealed class JavaScriptTests
{
    private static (Harness H, Engine.Execution.BurstResult Result) RunScript(string script, JsonObject? input = null)
    {
        var h = new Harness();
        var result = h.Start(Def([A("w", "Elsa.WriteLine", ("text", Js(script)))], [], ("Count", "Int32", "5"), ("Name", "String", "Ada")), input);
        return (h, result);
    }

    [Theory]
    [InlineData("return variables.Count + 1;", "6")]
    [InlineData("getVariable('Name') + '!'", "Ada!")]
    [InlineData("return getName();", "Ada")]
    [InlineData("return input.x + getInput('x');", "4")]
    [InlineData("var f = function (n) { return n * 2; }; f(21)", "42")]
    public void Script_SeesVariablesAndInput(string script, string expected)
    {
        var (h, _) = RunScript(script, new JsonObject { ["x"] = 2 });

        Assert.Equal([expected], h.Lines);
    }

    [Fact]
    public void Script_SetVariable_PersistsTheValue()
    {
        var (h, _) = RunScript("setVariable('Count', 9); variables.Name = 'Bob'; return 'x';");

        Assert.Equal(9, h.StateObject["variables"]!["Count"]!.GetValue<int>());
        Assert.Equal("Bob", h.StateObject["variables"]!["Name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("throw new Error('boom');", "boom")]
    [InlineData("while (true) { }", "stopped")]
    [InlineData("function f() { return f(); } return f();", "recursed")]
    [InlineData("return undefinedThing.x;", "JavaScript error")]
    public void BadScript_FaultsItsActivityWithinBoundedTime(string script, string messagePart)
    {
        // Bounded: the run returns at all (each limit's own bound is pinned in ExpressionBoundsTests, not by a stopwatch here).
        var (h, result) = RunScript(script);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = h.StateObject["incidents"]![0]!;
        Assert.Equal("w", incident["activityId"]!.GetValue<string>());
        Assert.Contains(messagePart, incident["message"]!.GetValue<string>());
        Assert.Empty(h.Lines);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Runs a small built-in workflow through the interpreter once, before any real burst: JavaScript (Jint), Liquid (Fluid), a
/// flowchart, a decision, an If, a Sequence, a loop and the snapshot's JSON. The first real bursts of a fresh process
/// otherwise pay for compiling all of that, which at a high time scale reads as many seconds of the run. Pure: it touches
/// no store and no service.
/// </summary>
public static class InterpreterWarmUp
{
    /// <summary>Runs the warm-up workflow to its end; returns how long it took and the burst's result (a test checks it finished cleanly).</summary>
    public static (TimeSpan Elapsed, BurstResult Result) Run(WorkflowInterpreter interpreter)
    {
        var started = Stopwatch.GetTimestamp();
        var result = interpreter.Run("warm-up", Definition(), null, new StartStimulus(new JsonObject { ["Count"] = 3 }, "warm-up"));
        return (Stopwatch.GetElapsedTime(started), result);
    }

    private static WorkflowDefinition Definition() => new(new JsonObject
    {
        ["id"] = "warm-up-v1",
        ["definitionId"] = "warm-up",
        ["version"] = 1,
        ["variables"] = new JsonArray(Variable("Total", "Int32", "0"), Variable("Text", "String", "")),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "flow",
            ["activities"] = new JsonArray(
                Activity("start", "Elsa.Start"),
                Activity("sum", "Elsa.SetVariable", ("variable", Reference("Total")), ("value", Expression("JavaScript", "getInput('Count') * 2 + getVariable('Total')"))),
                Activity("decide", "Elsa.FlowDecision", ("condition", Expression("JavaScript", "getVariable('Total') > 1"))),
                Activity("branch", "Elsa.If", ("condition", Expression("JavaScript", "true")), ("then", Activity("seq", "Elsa.Sequence", ("activities", new JsonArray(
                    Activity("text", "Elsa.SetVariable", ("variable", Reference("Text")), ("value", Expression("Liquid", "{{ Variables.Total | plus: 1 }} items"))),
                    Activity("loop", "Elsa.ForEach", ("items", Expression("JavaScript", "[1, 2]")), ("body", Activity("inner", "Elsa.SetVariable", ("variable", Reference("Total")), ("value", Expression("JavaScript", "getVariable('Total') + 1")))))))))),
                Activity("end", "Elsa.End")),
            ["connections"] = new JsonArray(
                Connection("start", "sum", "Done"), Connection("sum", "decide", "Done"), Connection("decide", "branch", "True"),
                Connection("decide", "end", "False"), Connection("branch", "end", "Done")),
        },
    });

    private static JsonObject Activity(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (name, value) in properties)
        {
            activity[name] = value;
        }

        return activity;
    }

    private static JsonObject Expression(string type, string value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    private static JsonObject Reference(string variable) => new() { ["id"] = variable, ["name"] = variable };

    private static JsonObject Variable(string name, string type, string value) => new() { ["id"] = name, ["name"] = name, ["typeName"] = type, ["value"] = value };

    private static JsonObject Connection(string source, string target, string port) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };
}

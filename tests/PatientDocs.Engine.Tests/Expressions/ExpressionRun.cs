using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Expressions;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Expressions;

/// <summary>Starts one definition on the interpreter with chosen expression limits; keeps the lines written and the state.</summary>
internal sealed class ExpressionRun
{
    private ExpressionRun(BurstResult result, List<string> lines)
    {
        Result = result;
        Lines = lines;
        State = JsonNode.Parse(result.StateJson)!.AsObject();
    }

    public static DateTimeOffset Now { get; } = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public BurstResult Result { get; }
    public List<string> Lines { get; }
    public JsonObject State { get; }
    public JsonObject Variables => State["variables"]!.AsObject();
    public string? IncidentMessage => State["incidents"]?.AsArray().FirstOrDefault()?["message"]?.GetValue<string>();

    public static ExpressionRun Start(WorkflowDefinition definition, JsonObject? input = null, string? correlationId = null, JavaScriptOptions? javaScript = null, LiquidOptions? liquid = null)
    {
        var lines = new List<string>();
        var interpreter = new WorkflowInterpreter(new ActivityRegistry(), new FakeTimeProvider(Now), new WorkflowEngineOptions
        {
            JavaScript = javaScript ?? new JavaScriptOptions(),
            Liquid = liquid ?? new LiquidOptions(),
            WriteLine = (_, text) => lines.Add(text),
        });
        return new ExpressionRun(interpreter.Run("inst-1", definition, null, new StartStimulus(input, correlationId)), lines);
    }

    /// <summary>One WriteLine whose text is the expression, over variables Count = 5 and Name = "Ada".</summary>
    public static ExpressionRun WriteLine(JsonObject text, JsonObject? input = null, string? correlationId = null, JavaScriptOptions? javaScript = null, LiquidOptions? liquid = null) =>
        Start(Def([A("w", "Elsa.WriteLine", ("text", text))], [], ("Count", "Int32", "5"), ("Name", "String", "Ada")), input, correlationId, javaScript, liquid);

    public static JsonObject Liquid(string template) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Liquid", ["value"] = template } };
}

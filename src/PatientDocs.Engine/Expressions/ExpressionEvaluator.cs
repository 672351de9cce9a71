using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Expressions;

/// <summary>Evaluates Elsa's wrapped inputs <c>{typeName, expression:{type, value}}</c>: Literal, Object, Variable, Input, JavaScript, Liquid.</summary>
internal sealed class ExpressionEvaluator(JavaScriptOptions javaScript, LiquidOptions liquid, TimeProvider time)
{
    private readonly JavaScriptEvaluator js = new(javaScript, time);
    private readonly LiquidEvaluator liquid = new(liquid, time);

    /// <summary>Evaluates a wrapped input (or a bare expression object); null when nothing is set.</summary>
    public JsonNode? EvaluateInput(JsonNode? wrapped, IExpressionScope scope) =>
        wrapped is JsonObject o && o["expression"] is JsonObject expression ? Evaluate(expression, scope) : null;

    public JsonNode? Evaluate(JsonNode? expression, IExpressionScope scope)
    {
        if (expression is not JsonObject e)
        {
            return null;
        }

        var type = e["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "Literal";
        var value = e["value"];
        switch (type)
        {
            case "Literal":
                return value?.DeepClone();
            case "Object":
            case "Json":
                return value is null ? null : Activities.ValueConverter.AsStructured(value).DeepClone();
            case "Variable":
                return Name(value) is { } variable ? scope.GetVariable(variable)?.DeepClone() : null;
            case "Input":
                return Name(value) is { } input ? scope.WorkflowInput[input]?.DeepClone() : null;
            case "JavaScript":
                var script = Text(value);
                return string.IsNullOrWhiteSpace(script) ? null : js.Evaluate(script, scope);
            case "Liquid":
                // Elsa renders an empty template as null, not as an empty string.
                var template = Text(value);
                return string.IsNullOrWhiteSpace(template) ? null : JsonValue.Create(liquid.Render(template, scope));
            default:
                throw new ExpressionException($"Expression type '{type}' is not supported.");
        }
    }

    public JsonNode? RunJavaScript(string script, IExpressionScope scope) => js.Evaluate(script, scope);

    private static string? Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString();

    private static string? Name(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonObject o => (o["name"] ?? o["id"])?.ToString(),
        _ => null,
    };
}

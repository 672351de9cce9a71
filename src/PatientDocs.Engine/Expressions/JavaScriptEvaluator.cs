using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Parser;
using Jint.Runtime;

namespace PatientDocs.Engine.Expressions;

/// <summary>
/// Runs Elsa-style JavaScript (Jint 2, ES5.1) with variables, workflow input and activity outputs in scope.
/// A script may end in <c>return x;</c> as in Elsa: such scripts run as a function body.
/// </summary>
internal sealed partial class JavaScriptEvaluator(JavaScriptOptions options)
{
    public JsonNode? Evaluate(string script, IExpressionScope scope)
    {
        var source = Prepare(script);
        var engine = new Jint.Engine(o => o.TimeoutInterval(options.Timeout).MaxStatements(options.MaxStatements).LimitRecursion(options.RecursionLimit));
        var parser = new JsonParser(engine);
        var serializer = new JsonSerializer(engine);

        JsValue FromJson(JsonNode? node) => node is null ? JsValue.Null : parser.Parse(node.ToJsonString());

        JsonNode? ToJson(JsValue value)
        {
            if (value.IsUndefined() || value.IsNull())
            {
                return null;
            }

            var text = serializer.Serialize(value, JsValue.Undefined, JsValue.Undefined);
            return text.IsString() ? JsonNode.Parse(text.AsString()) : null;
        }

        try
        {
            var variables = FromJson(scope.VariablesByName).AsObject();
            var before = scope.VariablesByName.ToJsonString();
            engine.SetValue("variables", variables);
            engine.SetValue("input", FromJson(scope.WorkflowInput));
            engine.SetValue("workflowInstanceId", scope.InstanceId);
            engine.SetValue("correlationId", scope.CorrelationId is null ? JsValue.Null : new JsValue(scope.CorrelationId));
            engine.SetValue("getWorkflowInstanceId", new Func<string>(() => scope.InstanceId));
            engine.SetValue("getCorrelationId", new Func<JsValue>(() => scope.CorrelationId is null ? JsValue.Null : new JsValue(scope.CorrelationId)));
            engine.SetValue("getVariable", new Func<string, JsValue>(name => variables.Get(name)));
            engine.SetValue("setVariable", new Action<string, JsValue>((name, value) => variables.Put(name, value, false)));
            engine.SetValue("getInput", new Func<string, JsValue>(name => FromJson(scope.WorkflowInput[name])));
            engine.SetValue("getOutputFrom", new Func<string, JsValue, JsValue>((activity, output) =>
                FromJson(scope.GetOutputFrom(activity, output.IsString() ? output.AsString() : null))));
            engine.SetValue("getLastResult", new Func<JsValue>(() => FromJson(scope.LastResult)));

            // Elsa's generated accessors: getName()/setName(v) per variable, getName() per workflow input.
            foreach (var (name, _) in scope.WorkflowInput)
            {
                if (IsIdentifier(name))
                {
                    var captured = name;
                    engine.SetValue("get" + name, new Func<JsValue>(() => FromJson(scope.WorkflowInput[captured])));
                }
            }

            foreach (var (name, _) in scope.VariablesByName)
            {
                if (IsIdentifier(name))
                {
                    var captured = name;
                    engine.SetValue("get" + name, new Func<JsValue>(() => variables.Get(captured)));
                    engine.SetValue("set" + name, new Action<JsValue>(value => variables.Put(captured, value, false)));
                }
            }

            engine.Execute(source);
            var result = ToJson(engine.GetCompletionValue());

            // Write back only variables the script changed, so untouched values keep their exact JSON.
            if (ToJson(variables) is JsonObject after && after.ToJsonString() != before)
            {
                var original = JsonNode.Parse(before)!.AsObject();
                foreach (var (name, value) in after)
                {
                    if (!original.TryGetPropertyValue(name, out var old) || !JsonNode.DeepEquals(old, value))
                    {
                        scope.SetVariable(name, value?.DeepClone());
                    }
                }
            }

            return result;
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException($"JavaScript error: {e.Message} (line {e.LineNumber})", e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException($"JavaScript ran longer than {options.Timeout.TotalMilliseconds:0} ms and was stopped.", e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionException($"JavaScript ran more than {options.MaxStatements} statements and was stopped.", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionException($"JavaScript recursed deeper than {options.RecursionLimit} calls and was stopped.", e);
        }
        catch (ParserException e)
        {
            throw new ExpressionException($"JavaScript syntax error: {e.Description} (line {e.LineNumber})", e);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"JavaScript failed: {e.Message}", e);
        }
    }

    /// <summary>Null when the script parses; otherwise the syntax error.</summary>
    public static string? CheckSyntax(string script)
    {
        try
        {
            Prepare(script);
            return null;
        }
        catch (ParserException e)
        {
            return $"JavaScript syntax error: {e.Description} (line {e.LineNumber})";
        }
    }

    private static string Prepare(string script)
    {
        try
        {
            new JavaScriptParser().Parse(script);
            return script;
        }
        catch (ParserException) when (ReturnWord().IsMatch(script))
        {
            var wrapped = "(function () {\n" + script + "\n})()";
            new JavaScriptParser().Parse(wrapped);
            return wrapped;
        }
    }

    private static bool IsIdentifier(string name) => Identifier().IsMatch(name);

    [GeneratedRegex(@"\breturn\b")]
    private static partial Regex ReturnWord();

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();
}

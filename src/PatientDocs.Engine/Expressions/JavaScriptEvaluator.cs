using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace PatientDocs.Engine.Expressions;

/// <summary>
/// Runs Elsa 3 JavaScript (Jint 4, ES2023) with Elsa's globals: variables, workflow input, activity outputs and the
/// instance's identity. A script may end in <c>return x;</c> as in Elsa. Every run is bounded by
/// <see cref="JavaScriptOptions"/>; a bound that trips is an <see cref="ExpressionException"/> (an incident).
/// </summary>
internal sealed partial class JavaScriptEvaluator(JavaScriptOptions options, TimeProvider time)
{
    private const int MaxCachedScripts = 1024;
    private static readonly ConcurrentDictionary<string, Prepared<Script>> Prepared = new(StringComparer.Ordinal);

    private readonly ClockTimeSystem clock = new(time);

    public JsonNode? Evaluate(string script, IExpressionScope scope)
    {
        var prepared = Prepare(script);
        var engine = new Jint.Engine(o =>
        {
            o.TimeoutInterval(options.Timeout)
                .MaxStatements(options.MaxStatements)
                .LimitRecursion(options.RecursionLimit)
                .LimitMemory(options.MemoryLimitBytes)
                .CatchClrExceptions(e => e is FormatException or ArgumentException or JsonException or OverflowException);
            o.TimeSystem = clock;
        });

        try
        {
            var run = new ScriptRun(engine, scope);
            run.Install(prepared.ReferencedGlobals);
            var result = run.ToJson(engine.Evaluate(prepared));
            run.WriteBackVariables();
            return result;
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException($"JavaScript error: {e.Message}{Line(e)}", e);
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
        catch (MemoryLimitExceededException e)
        {
            throw new ExpressionException($"JavaScript allocated more than {options.MemoryLimitBytes / (1024 * 1024)} MB and was stopped.", e);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"JavaScript failed: {e.Message}{Line(e)}", e);
        }
    }

    /// <summary>Null when the script parses as ES2023 (with Elsa's top-level <c>return</c>); otherwise the syntax error.</summary>
    public static string? CheckSyntax(string script)
    {
        try
        {
            Prepare(script);
            return null;
        }
        catch (ExpressionException e)
        {
            return e.Message;
        }
    }

    private static Prepared<Script> Prepare(string script)
    {
        if (Prepared.TryGetValue(script, out var cached))
        {
            return cached;
        }

        Prepared<Script> prepared;
        try
        {
            prepared = Jint.Engine.PrepareScript(script, options: new ScriptPreparationOptions
            {
                ParsingOptions = new ScriptParsingOptions { AllowReturnOutsideFunction = true },
                CollectReferencedGlobals = true,
            });
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            throw new ExpressionException($"JavaScript syntax error: {parse.Error?.Description ?? parse.Message} (line {parse.LineNumber})", e);
        }
        catch (ParseErrorException e)
        {
            throw new ExpressionException($"JavaScript syntax error: {e.Error?.Description ?? e.Message} (line {e.LineNumber})", e);
        }

        // Scripts come from published definitions, so the set is small; clearing bounds it if it is not.
        if (Prepared.Count >= MaxCachedScripts)
        {
            Prepared.Clear();
        }

        Prepared.TryAdd(script, prepared);
        return prepared;
    }

    private static string Line(Exception e) =>
        JintException.TryGetJavaScriptLocation(e, out var location) && location.Start.Line > 0 ? $" (line {location.Start.Line})" : "";
}

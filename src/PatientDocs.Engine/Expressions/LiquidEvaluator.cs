using System.Collections.Concurrent;
using Fluid;
using Fluid.Values;

namespace PatientDocs.Engine.Expressions;

/// <summary>
/// Renders Elsa 3 Liquid expressions with Fluid, exposing Elsa's context names (<c>Variables</c>, <c>Input</c>,
/// <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, <c>WorkflowDefinitionId</c>, <c>WorkflowDefinitionVersionId</c>,
/// <c>WorkflowDefinitionVersion</c>) and Elsa's filters (<c>base64</c>, <c>keys</c>) besides Fluid's standard ones.
/// </summary>
internal sealed class LiquidEvaluator
{
    private const int MaxCachedTemplates = 1024;
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Templates = new(StringComparer.Ordinal);

    private readonly LiquidOptions options;
    private readonly TemplateOptions templateOptions;

    public LiquidEvaluator(LiquidOptions options, TimeProvider time)
    {
        this.options = options;
        templateOptions = new TemplateOptions
        {
            MaxSteps = options.MaxSteps,
            MaxRecursion = options.MaxRecursion,
            Now = time.GetUtcNow,
            TimeZone = TimeZoneInfo.Utc,
            CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        };
        templateOptions.Filters.AddFilter("base64", LiquidFilters.Base64);
        templateOptions.Filters.AddFilter("keys", LiquidFilters.Keys);
    }

    public string Render(string source, IExpressionScope scope)
    {
        var template = Parse(source);
        var context = new TemplateContext(templateOptions);
        context.SetValue("Variables", new DictionaryValue(new LiquidJsonObject(scope.VariablesByName, templateOptions)));
        context.SetValue("Input", new DictionaryValue(new LiquidJsonObject(scope.WorkflowInput, templateOptions)));
        context.SetValue("WorkflowInstanceId", new StringValue(scope.InstanceId));
        context.SetValue("CorrelationId", scope.CorrelationId is null ? NilValue.Instance : new StringValue(scope.CorrelationId));
        context.SetValue("WorkflowDefinitionId", new StringValue(scope.WorkflowDefinitionId));
        context.SetValue("WorkflowDefinitionVersionId", new StringValue(scope.WorkflowDefinitionVersionId));
        context.SetValue("WorkflowDefinitionVersion", NumberValue.Create(scope.WorkflowDefinitionVersion));
        try
        {
            return template.Render(context);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("maximum number of statements", StringComparison.OrdinalIgnoreCase))
        {
            throw new ExpressionException($"Liquid template ran more than {options.MaxSteps} steps and was stopped.", e);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("recursion", StringComparison.OrdinalIgnoreCase))
        {
            throw new ExpressionException($"Liquid template nested deeper than {options.MaxRecursion} levels and was stopped.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"Liquid template failed: {e.Message}", e);
        }
    }

    /// <summary>Null when the template parses; otherwise the syntax error.</summary>
    public static string? CheckSyntax(string source) => Parser.TryParse(source, out _, out var error) ? null : $"Liquid syntax error: {error}";

    private static IFluidTemplate Parse(string source)
    {
        if (Templates.TryGetValue(source, out var cached))
        {
            return cached;
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new ExpressionException($"Liquid syntax error: {error}");
        }

        // Templates come from published definitions, so the set is small; clearing bounds it if it is not.
        if (Templates.Count >= MaxCachedTemplates)
        {
            Templates.Clear();
        }

        Templates.TryAdd(source, template);
        return template;
    }
}

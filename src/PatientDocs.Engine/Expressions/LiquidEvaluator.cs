using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace PatientDocs.Engine.Expressions;

/// <summary>
/// Renders Elsa 3 Liquid expressions with Fluid, exposing Elsa's context names (<c>Variables</c>, <c>Input</c>,
/// <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, <c>WorkflowDefinitionId</c>, <c>WorkflowDefinitionVersionId</c>,
/// <c>WorkflowDefinitionVersion</c>) and Elsa's filters (<c>base64</c>, <c>keys</c>) besides Fluid's standard ones.
/// </summary>
internal sealed partial class LiquidEvaluator
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
        templateOptions.Assigned = (_, value, _) => value.Type == FluidValues.String ? Bounded(value) : new(value);
        templateOptions.Captured = (_, value, _) => Bounded(value);
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
            using var output = new BoundedWriter(options.MaxOutputLength);
            // Every filter here is synchronous, so the render completes inline.
            var rendering = template.RenderAsync(output, NullEncoder.Default, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                rendering.AsTask().GetAwaiter().GetResult();
            }

            return output.ToString();
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            // Fluid words both of its limits alike, so the message names both.
            throw new ExpressionException($"Liquid template exceeded {options.MaxSteps} steps or {options.MaxRecursion} nested includes and was stopped.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"Liquid template failed: {e.Message}", e);
        }
    }

    /// <summary>Null when the template parses and its literal ranges fit the default step bound; otherwise the problem.</summary>
    public static string? CheckSyntax(string source)
    {
        try
        {
            Check(source, new LiquidOptions().MaxSteps);
            return null;
        }
        catch (ExpressionException e)
        {
            return e.Message;
        }
    }

    private static IFluidTemplate Check(string source, int maxSteps)
    {
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new ExpressionException($"Liquid syntax error: {error}");
        }

        // Fluid builds a range before it counts a step, so a huge literal range would run long before MaxSteps stops it.
        foreach (Match range in LiteralRange().Matches(source))
        {
            if (Math.Abs(decimal.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - decimal.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) >= maxSteps)
            {
                throw new ExpressionException($"Liquid range {range.Value} is longer than the {maxSteps} steps a template may take.");
            }
        }

        return template;
    }

    private IFluidTemplate Parse(string source)
    {
        if (Templates.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var template = Check(source, options.MaxSteps);

        // Templates come from published definitions, so the set is small; clearing bounds it if it is not.
        if (Templates.Count >= MaxCachedTemplates)
        {
            Templates.Clear();
        }

        Templates.TryAdd(source, template);
        return template;
    }

    private ValueTask<FluidValue> Bounded(FluidValue value) => value.ToStringValue().Length > options.MaxOutputLength ? throw TooLong() : new(value);

    private ExpressionException TooLong() => new($"Liquid template built text longer than {options.MaxOutputLength} characters and was stopped.");

    [GeneratedRegex(@"\(\s*(-?\d{1,18})\s*\.\.\s*(-?\d{1,18})\s*\)")]
    private static partial Regex LiteralRange();

    /// <summary>Collects the rendered text, refusing to grow past the bound.</summary>
    private sealed class BoundedWriter(int maxLength) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Grow(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Grow(count);
            base.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            Grow(value?.Length ?? 0);
            base.Write(value);
        }

        private void Grow(int count)
        {
            if (GetStringBuilder().Length + count > maxLength)
            {
                throw new ExpressionException($"Liquid template wrote more than {maxLength} characters and was stopped.");
            }
        }
    }
}

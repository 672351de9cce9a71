using System.Globalization;
using System.Text;
using Fluid;
using Fluid.Values;

namespace PatientDocs.Engine.Expressions;

/// <summary>The filters Elsa adds to Fluid's standard set, with Elsa's semantics.</summary>
internal static class LiquidFilters
{
    /// <summary>The value as text (arrays and objects as JSON), UTF-8 encoded to Base64; nil stays nil.</summary>
    public static ValueTask<FluidValue> Base64(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var text = input.Type switch
        {
            FluidValues.Nil => null,
            FluidValues.String => input.ToStringValue(),
            FluidValues.Number => input.ToNumberValue().ToString(CultureInfo.InvariantCulture),
            FluidValues.Boolean => input.ToBooleanValue().ToString(),
            _ => Json(input, context),
        };
        return text is null ? NilValue.Instance : new StringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>An object's keys as an array.</summary>
    public static ValueTask<FluidValue> Keys(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        input is DictionaryValue dictionary && dictionary.ToObjectValue() is IFluidIndexable indexable
            ? new ArrayValue(indexable.Keys.Select(k => (FluidValue)new StringValue(k)).ToArray())
            : throw new ArgumentOutOfRangeException(nameof(input), "The keys filter only works on objects.");

    // Arrays and objects as Fluid's json filter writes them (compact).
    private static string? Json(FluidValue value, TemplateContext context)
    {
        var json = Fluid.Filters.MiscFilters.Json(value, FilterArguments.Empty, context);
        return (json.IsCompletedSuccessfully ? json.Result : json.AsTask().GetAwaiter().GetResult()).ToStringValue();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;

namespace PatientDocs.Engine.Expressions;

/// <summary>A JSON object seen by Liquid, its members converted only when a template reads them.</summary>
internal sealed class LiquidJsonObject(JsonObject json, TemplateOptions options) : IFluidIndexable
{
    public int Count => json.Count;

    public IEnumerable<string> Keys => json.Select(p => p.Key);

    public IEnumerable<FluidValue> Values => json.Select(p => ToFluid(p.Value, options));

    public bool TryGetValue(string name, out FluidValue value)
    {
        if (json.TryGetPropertyValue(name, out var node))
        {
            value = ToFluid(node, options);
            return true;
        }

        value = NilValue.Instance;
        return false;
    }

    public static FluidValue ToFluid(JsonNode? node, TemplateOptions options) => node switch
    {
        null => NilValue.Instance,
        JsonObject o => new DictionaryValue(new LiquidJsonObject(o, options)),
        JsonArray a => new ArrayValue(a.Select(item => ToFluid(item, options)).ToArray()),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new StringValue(v.GetValue<string>()),
            JsonValueKind.Number => NumberValue.Create(Number(v)),
            JsonValueKind.True => BooleanValue.True,
            JsonValueKind.False => BooleanValue.False,
            JsonValueKind.Null or JsonValueKind.Undefined => NilValue.Instance,
            _ => FluidValue.Create(v.ToJsonString(), options),
        },
        _ => NilValue.Instance,
    };

    // Liquid numbers are decimals; a double beyond decimal's range keeps its nearest decimal bound.
    private static decimal Number(JsonValue value)
    {
        var text = value.ToJsonString();
        return decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d
            : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) > 0 ? decimal.MaxValue : decimal.MinValue;
    }
}

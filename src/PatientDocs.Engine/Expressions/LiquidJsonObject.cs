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
            JsonValueKind.Number => NumberValue.Create(v.TryGetValue<decimal>(out var d) ? d : (decimal)v.GetValue<double>()),
            JsonValueKind.True => BooleanValue.True,
            JsonValueKind.False => BooleanValue.False,
            JsonValueKind.Null or JsonValueKind.Undefined => NilValue.Instance,
            _ => FluidValue.Create(v.ToJsonString(), options),
        },
        _ => NilValue.Instance,
    };
}

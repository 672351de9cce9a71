using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>Inputs and outputs: evaluating an activity's inputs, binding its outputs to variables, variables' initial values.</summary>
internal sealed partial class Burst
{
    private JsonObject EvaluateInputs(ActivityType type, FlowActivity activity, object instance)
    {
        var values = new JsonObject();
        foreach (var input in type.Inputs)
        {
            if (input.Input?.AutoEvaluate == false || !activity.Json.TryGetPropertyValue(input.JsonName, out var raw) || raw is null)
            {
                continue;
            }

            JsonNode? value;
            try
            {
                value = input.Input?.IsWrapped == false ? raw.DeepClone()
                    : raw is JsonObject o && o.ContainsKey("expression") ? evaluator.EvaluateInput(raw, this)
                    : raw is JsonObject ? null
                    : raw.DeepClone();
                input.Property.SetValue(instance, ValueConverter.ToClr(value, input.Property.PropertyType));
            }
            catch (ExpressionException e)
            {
                throw new ExpressionException($"Input '{input.JsonName}': {e.Message}", e);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or ArgumentException or OverflowException or InvalidCastException)
            {
                throw new ExpressionException($"Input '{input.JsonName}' could not be converted to {input.Property.PropertyType.Name}: {e.Message}", e);
            }

            values[input.JsonName] = value;
        }

        return values;
    }

    private void BindOutputs(FlowActivity activity, JsonObject outputs)
    {
        foreach (var (name, value) in outputs)
        {
            if (activity.Json[name] is JsonObject binding && binding["memoryReference"]?["id"]?.ToString() is { } target
                && (FindFrame(target, out _) is not null || ResolveVariable(target) is not null))
            {
                SetVariable(target, value?.DeepClone());
            }
        }
    }

    private string? ResolveVariable(string nameOrId)
    {
        if (state.Variables.ContainsKey(nameOrId))
        {
            return nameOrId;
        }

        return model.Variables.FirstOrDefault(v => v.Id == nameOrId || v.Name == nameOrId)?.Name;
    }

    private static JsonNode? InitialValue(VariableDefinition v) => Typed(v.Value, v.TypeName);

    /// <summary>A value as Elsa stores text for a declared type: "4" for an Int32 is 4, "" for an object is null.</summary>
    private static JsonNode? Typed(JsonNode? node, string typeName)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return node?.DeepClone();
        }

        switch (typeName)
        {
            case "String":
                return text;
            case "Boolean":
                return bool.TryParse(text, out var b) ? b : null;
            case "Int32" or "Int64" or "Double" or "Single" or "Decimal" or "Number":
                return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                    ? (d == Math.Floor(d) && Math.Abs(d) < long.MaxValue ? JsonValue.Create((long)d) : JsonValue.Create(d))
                    : null;
            default:
                return text.Length == 0 ? null : ValueConverter.AsStructured(value).DeepClone();
        }
    }
}

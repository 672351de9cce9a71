using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Workflows used as activities, as Elsa runs them: the parent's values for the declared inputs are evaluated in the
/// parent's scope and declared, with the outputs and the definition's own variables, in a frame of that one use; the body
/// reads the inputs as workflow input, its SetOutput of a declared output sets that use's output, and on completion the
/// outputs become the activity's outputs in the parent.
/// </summary>
internal sealed partial class Burst
{
    private void StartDefinitionActivity(Execution execution)
    {
        var activity = execution.Activity;
        var contract = activity.Json["body"]?[DefinitionContract.Key] as JsonObject;
        var inputs = new JsonObject();
        current = execution.Scope;
        foreach (var (name, typeName, _) in DefinitionContract.Declared(contract?["inputs"]))
        {
            try
            {
                inputs[name] = Typed(EvaluateDefinitionInput(activity, name), typeName);
            }
            catch (ExpressionException e)
            {
                Fault(execution, $"Input '{name}': {e.Message}");
                return;
            }
        }

        execution.Inputs = inputs;
        var record = StartContainer(execution, [null]);
        if (record is null || contract is null)
        {
            return;
        }

        foreach (var node in contract["variables"] as JsonArray ?? [])
        {
            if (node is JsonObject v && v["name"]?.ToString() is { Length: > 0 } variable)
            {
                var id = v["id"]?.ToString() ?? variable;
                (record.Variables ??= [])[variable] = InitialValue(new VariableDefinition(id, variable, v["typeName"]?.ToString() ?? "Object", v["value"]));
                if (id != variable)
                {
                    (record.VariableIds ??= [])[id] = variable;
                }
            }
        }

        record.DefinitionInputs = [.. inputs.Select(i => i.Key)];
        record.DefinitionOutputs = [.. DefinitionContract.Declared(contract["outputs"]).Select(o => o.Name)];
        foreach (var (name, value) in inputs)
        {
            (record.Variables ??= [])[name] = value?.DeepClone();
        }

        foreach (var name in record.DefinitionOutputs)
        {
            (record.Variables ??= []).TryAdd(name, null);
        }
    }

    private JsonNode? EvaluateDefinitionInput(FlowActivity activity, string name)
    {
        var safe = DefinitionContract.SafeName(name);
        var raw = activity.Json[DefinitionContract.PropertyName(safe)] ?? activity.Json[safe];
        try
        {
            return raw is JsonObject o && o.ContainsKey("expression") ? evaluator.EvaluateInput(raw, this)
                : raw is JsonObject ? null
                : raw?.DeepClone();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or ArgumentException or OverflowException)
        {
            throw new ExpressionException(e.Message, e);
        }
    }

    /// <summary>The outputs a completed use of a definition declared, named as the activity's outputs in the parent.</summary>
    private static JsonObject DefinitionOutputs(ContainerExecution record)
    {
        var outputs = new JsonObject();
        foreach (var name in record.DefinitionOutputs ?? [])
        {
            outputs[DefinitionContract.PropertyName(DefinitionContract.SafeName(name))] = record.Variables?[name]?.DeepClone();
        }

        return outputs;
    }

    /// <summary>Elsa's SetOutput: the innermost use of a definition around the current scope that declares the output gets it; otherwise the workflow.</summary>
    public void SetWorkflowOutput(string name, JsonNode? value)
    {
        foreach (var frame in Frames())
        {
            if (frame.DefinitionOutputs?.Contains(name, StringComparer.Ordinal) == true)
            {
                frame.Variables![name] = value;
                return;
            }
        }

        state.Output[name] = value;
    }

    /// <summary>The workflow input as the current scope sees it: inside a used definition, its declared inputs over the instance's.</summary>
    public JsonObject WorkflowInput
    {
        get
        {
            var frames = Frames();
            if (!frames.Any(f => f.DefinitionInputs is { Count: > 0 }))
            {
                return state.Input;
            }

            var view = (JsonObject)state.Input.DeepClone();
            for (var i = frames.Count - 1; i >= 0; i--)
            {
                foreach (var name in frames[i].DefinitionInputs ?? [])
                {
                    view[name] = frames[i].Variables![name]?.DeepClone();
                }
            }

            return view;
        }
    }
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Variables in scope: the workflow's, then those containers declare for their children (a Sequence's variables, a loop's
/// CurrentValue), innermost first, seen from the scope of the activity being run.
/// </summary>
internal sealed partial class Burst
{
    private ScopeState? current;

    public JsonObject VariablesByName
    {
        get
        {
            var frames = Frames();
            if (frames.Count == 0)
            {
                return state.Variables;
            }

            var merged = (JsonObject)state.Variables.DeepClone();
            for (var i = frames.Count - 1; i >= 0; i--)
            {
                foreach (var (name, value) in frames[i].Variables!)
                {
                    merged[name] = value?.DeepClone();
                }
            }

            return merged;
        }
    }

    public JsonNode? GetVariable(string nameOrId) =>
        FindFrame(nameOrId, out var name) is { } frame ? frame[name]
        : ResolveVariable(nameOrId) is { } workflowVariable ? state.Variables[workflowVariable]
        : null;

    public void SetVariable(string nameOrId, JsonNode? value)
    {
        if (FindFrame(nameOrId, out var name) is { } frame)
        {
            frame[name] = value;
            return;
        }

        state.Variables[ResolveVariable(nameOrId) ?? nameOrId] = value;
    }

    private JsonObject? FindFrame(string nameOrId, out string name)
    {
        foreach (var record in Frames())
        {
            if (record.Variables!.ContainsKey(nameOrId))
            {
                name = nameOrId;
                return record.Variables;
            }

            if (record.VariableIds?.TryGetValue(nameOrId, out var byId) == true && record.Variables.ContainsKey(byId))
            {
                name = byId;
                return record.Variables;
            }
        }

        name = nameOrId;
        return null;
    }

    /// <summary>The containers around the current scope that declare variables, innermost first.</summary>
    private List<ContainerExecution> Frames()
    {
        var frames = new List<ContainerExecution>();
        for (var scope = current; scope?.OwnerExecutionId is { } owner;)
        {
            var record = state.Containers.FirstOrDefault(c => c.ExecutionId == owner);
            if (record is null)
            {
                break;
            }

            if (record.Variables is { Count: > 0 })
            {
                frames.Add(record);
            }

            scope = scopes.GetValueOrDefault(record.ScopeId);
        }

        return frames;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Structured containers (Sequence, If, Switch, loops, Fork, Parallel): each scheduled child runs in a scope of its own
/// that is dropped when it completes, and the container keeps only a small record (index, counts, its variables).
/// </summary>
internal sealed partial class Burst
{
    private static readonly HashSet<string> TerminalTypes = ["Elsa.Break", "Elsa.End", "Elsa.Finish", "Elsa.Complete"];

    // Containers with their inputs evaluated in this burst; a later burst evaluates them again, as Elsa does after a reload.
    private readonly Dictionary<string, ContainerActivity> liveContainers = [];

    private void StartStructured(Execution execution, ActivityType type)
    {
        var record = new ContainerExecution
        {
            ExecutionId = execution.Id,
            ScopeId = execution.Scope.Id,
            ActivityId = execution.Activity.Id,
            StartedAt = execution.StartedAt,
            Backward = execution.Backward,
            Structured = true,
        };
        state.Containers.Add(record);
        UpsertExecution(execution, ActivityExecutionStatus.Running);
        if (LoadContainer(record, execution, type) is { } container)
        {
            DeclareVariables(record, execution.Activity);
            if (pendingRewinds.Remove(execution.Activity.NodeId, out var slot))
            {
                // Re-run by a ScheduleActivity on a child below it: it starts at that child, not at its beginning.
                Invoke(record, execution, container, c => container.Rewind(c, slot));
                return;
            }

            Invoke(record, execution, container, c => container.Run(c));
        }
    }

    /// <summary>A child scope of a structured container completed: the container decides what runs next.</summary>
    private void StructuredChildCompleted(ContainerExecution record, ScopeState parent, FlowActivity activity, ScopeState child)
    {
        if (registry.Find(activity.Type) is not { IsContainer: true } type)
        {
            return;
        }

        var execution = new Execution(parent, activity, record.ExecutionId, record.StartedAt, record.Backward);
        if (LoadContainer(record, execution, type) is not { } container)
        {
            return;
        }

        var childType = GraphOf(child).Activities[0].Type;
        var completion = new ChildCompletion(child.Slot ?? "", childType, TerminalTypes.Contains(childType));
        Invoke(record, execution, container, c => container.ChildCompleted(c, completion));
    }

    private ContainerActivity? LoadContainer(ContainerExecution record, Execution execution, ActivityType type)
    {
        if (liveContainers.TryGetValue(record.ExecutionId, out var live))
        {
            return live;
        }

        var container = (ContainerActivity)registry.Create(type.TypeName);
        current = execution.Scope;
        try
        {
            execution.Inputs = EvaluateInputs(type, execution.Activity, container);
        }
        catch (Exception e) when (e is ExpressionException or FormatException or InvalidOperationException or JsonException or ArgumentException or OverflowException)
        {
            FaultContainer(record, execution, e.Message);
            return null;
        }

        liveContainers[record.ExecutionId] = container;
        return container;
    }

    private void Invoke(ContainerExecution record, Execution execution, ContainerActivity container, Action<ContainerContext> call)
    {
        var activity = execution.Activity;
        current = execution.Scope;
        var context = new ContainerContext(new ContainerHost(this, record, execution), new ActivityContext(this, activity.Id, activity.NodeId, activity.Name), activity.Json);
        try
        {
            call(context);
        }
        catch (ExpressionException e)
        {
            FaultContainer(record, execution, e.Message);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FaultContainer(record, execution, $"{e.GetType().Name}: {e.Message}");
            return;
        }

        var outputs = new JsonObject();
        foreach (var (name, value) in registry.ReadOutputs(container))
        {
            if (value is not null)
            {
                outputs[name] = value.DeepClone();
                (record.Outputs ??= [])[name] = value.DeepClone();
            }
        }

        BindOutputs(activity, outputs);
        if (context.FaultMessage is { } message)
        {
            FaultContainer(record, execution, message);
        }
        else if (context.Completed)
        {
            RemoveChildScopes(record);
            state.Containers.Remove(record);
            liveContainers.Remove(record.ExecutionId);
            Complete(execution, record.Outputs ?? [], ["Done"]);
        }
    }

    private bool ScheduleSlot(ContainerExecution record, Execution execution, string slot, JsonObject? variables)
    {
        if (!execution.Activity.Slots.TryGetValue(slot, out var graph) || graph.Activities.Count == 0)
        {
            return false;
        }

        foreach (var (name, value) in variables ?? [])
        {
            (record.Variables ??= [])[name] = value?.DeepClone();
        }

        var child = NewScope(NewId(), graph, graph.Activities[0].Id, record.ScopeId, record.ExecutionId);
        child.Slot = slot;
        Enqueue(child, child.StartId);
        return true;
    }

    /// <summary>Elsa's BreakSignal: rises from the Break through its ancestors until a loop takes it.</summary>
    private void SignalBreak(ScopeState from)
    {
        for (var scope = from; scope?.OwnerExecutionId is { } owner;)
        {
            var record = state.Containers.FirstOrDefault(c => c.ExecutionId == owner);
            if (record is null || !scopes.TryGetValue(record.ScopeId, out var parent))
            {
                return;
            }

            if (record.Structured && FindActivity(parent, record.ActivityId, out var activity) && registry.Find(activity.Type) is { IsContainer: true } type)
            {
                var handling = ((ContainerActivity)registry.Create(type.TypeName)).BreakHandling;
                record.Breaking |= handling != BreakHandling.None;
                if (handling == BreakHandling.Stop)
                {
                    return;
                }
            }

            scope = parent;
        }
    }

    private void FaultContainer(ContainerExecution record, Execution execution, string message)
    {
        // A retry runs the container again from its start.
        RemoveChildScopes(record);
        state.Containers.Remove(record);
        liveContainers.Remove(record.ExecutionId);
        Fault(execution, message);
    }

    private void RemoveChildScopes(ContainerExecution record)
    {
        foreach (var child in scopes.Values.Where(s => s.OwnerExecutionId == record.ExecutionId).ToList())
        {
            RemoveScopeTree(child.Id, keep: false);
        }
    }

    private static void DeclareVariables(ContainerExecution record, FlowActivity activity)
    {
        foreach (var node in activity.Json["variables"] as JsonArray ?? [])
        {
            if (node is JsonObject v && v["name"]?.ToString() is { Length: > 0 } name)
            {
                var id = v["id"]?.ToString() ?? name;
                (record.Variables ??= [])[name] = InitialValue(new VariableDefinition(id, name, v["typeName"]?.ToString() ?? "Object", v["value"]));
                if (id != name)
                {
                    (record.VariableIds ??= [])[id] = name;
                }
            }
        }
    }

    private sealed class ContainerHost(Burst burst, ContainerExecution record, Execution execution) : IContainerHost
    {
        public bool IsBreaking => record.Breaking;

        public JsonObject Properties => record.Properties ??= [];

        public bool HasSlot(string slot) => execution.Activity.Slots.ContainsKey(slot);

        public bool Schedule(string slot, JsonObject? variables) => burst.ScheduleSlot(record, execution, slot, variables);

        public JsonNode? EvaluateInput(string name) => burst.evaluator.EvaluateInput(execution.Activity.Json[name], burst);
    }
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Execution;

/// <summary>Scopes: a flowchart's run or one child of a container; completing one completes or advances its container.</summary>
internal sealed partial class Burst
{
    /// <summary>Elsa's Complete: ends the scope a workflow used as an activity runs in, with these outcomes; none above it, the workflow.</summary>
    private void CompleteComposite(ScopeState scope, IReadOnlyList<string> outcomes)
    {
        for (var s = scope; s is not null; s = s.ParentScopeId is { } p && scopes.TryGetValue(p, out var up) ? up : null)
        {
            var container = state.Containers.FirstOrDefault(c => c.ExecutionId == s.OwnerExecutionId);
            if (container is not null && scopes.TryGetValue(container.ScopeId, out var parent) && FindActivity(parent, container.ActivityId, out var owner) && owner.IsDefinitionActivity)
            {
                CompleteScope(s, outcomes);
                return;
            }
        }

        if (scopes.TryGetValue(RootScope, out var root))
        {
            CompleteScope(root);
        }
    }

    private void CompleteScope(ScopeState scope, IReadOnlyList<string>? outcomes = null)
    {
        RemoveScopeTree(scope.Id, keep: false);
        if (scope.Id == RootScope)
        {
            state.LastRoot = scope;
            JournalWorkflow("Completed");
            finished = true;
            return;
        }

        var container = state.Containers.FirstOrDefault(c => c.ExecutionId == scope.OwnerExecutionId);
        if (container is null || !scopes.TryGetValue(container.ScopeId, out var parent) || !FindActivity(parent, container.ActivityId, out var activity))
        {
            return;
        }

        if (container.Structured)
        {
            StructuredChildCompleted(container, parent, activity, scope);
            return;
        }

        if (--container.Remaining > 0)
        {
            return;
        }

        state.Containers.Remove(container);

        // Its outputs bind to variables seen from the scope it ran in, not from the body that just ended.
        current = parent;
        var execution = new Execution(parent, activity, container.ExecutionId, container.StartedAt, false);
        if (container.Properties?[SlotOutputs] is JsonObject slotOutputs)
        {
            // A request that ran a status code's case ends with its response and ports, already bound before the case ran.
            var ports = container.Properties[SlotPorts]?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? ["Done"];
            Complete(execution, slotOutputs, ports, bindOutputs: false);
            return;
        }

        Complete(execution, DefinitionOutputs(container), outcomes ?? ["Done"]);
    }

    /// <summary>Removes a scope and everything under it: nested scopes, queued work, bookmarks and container records.</summary>
    private void RemoveScopeTree(string scopeId, bool keep)
    {
        var doomed = new HashSet<string> { scopeId };
        bool grew;
        do
        {
            grew = false;
            foreach (var s in scopes.Values)
            {
                if (s.ParentScopeId is not null && doomed.Contains(s.ParentScopeId) && doomed.Add(s.Id))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        CancelOpen(state.Bookmarks.Where(b => doomed.Contains(b.ScopeId)).ToList(), state.Containers.Where(c => doomed.Contains(c.ScopeId)).ToList());
        state.Faulted.RemoveAll(f => doomed.Contains(f.ScopeId));
        foreach (var id in doomed)
        {
            if (keep && id == scopeId)
            {
                continue;
            }

            scopes.Remove(id);
        }
    }

    private ScopeState NewScope(string id, FlowGraph graph, string startId, string? parent, string? owner)
    {
        var scope = new ScopeState { Id = id, GraphNodeId = graph.NodeId, StartId = startId, ParentScopeId = parent, OwnerExecutionId = owner, Mode = Mode };
        scopes[id] = scope;
        return scope;
    }

    private bool FindActivity(ScopeState scope, string activityId, out FlowActivity activity)
    {
        activity = null!;
        return model.Graphs.TryGetValue(scope.GraphNodeId, out var graph) && graph.ById.TryGetValue(activityId, out activity!);
    }

    private FlowGraph GraphOf(ScopeState scope) => model.Graphs[scope.GraphNodeId];
}

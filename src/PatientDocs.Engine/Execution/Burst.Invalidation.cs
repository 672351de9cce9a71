using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Re-running an activity: what is downstream of it in its flowchart (forward connections, joins and nested containers
/// included) forgets it ran and runs again after it; what is upstream is left as it is.
/// </summary>
internal sealed partial class Burst
{
    /// <summary>Schedules the activity again; returns it with every activity it invalidated.</summary>
    private HashSet<string> Reschedule(ScheduleTarget target)
    {
        if (target.Container is { } running)
        {
            // A running Sequence or If goes back: its later children have not run yet (or run again after it).
            Rewind(running, target.Path);
            return [target.ActivityId];
        }

        foreach (var (container, slot) in target.Path)
        {
            pendingRewinds[container.NodeId] = slot;
        }

        var activityId = target.ActivityId;
        var reopened = target.Scope is null;
        var scope = target.Scope ?? ReopenRoot();
        var graph = GraphOf(scope);
        var downstream = Downstream(graph, graph.Analyse(scope.StartId), activityId);
        if (reopened && state.LastRoot is null)
        {
            // No counters kept (ended by a cancel): what leads into the re-run part from outside it counts as having run.
            foreach (var c in graph.Connections.Where(c => !downstream.Contains(c.Source) && downstream.Contains(c.Target)))
            {
                scope.ConnectionVisits[c.Key] = 1;
                scope.ConnectionFollowed[c.Key] = true;
            }
        }

        var retry = target.Path.Count == 0 && state.Faulted.Exists(f => f.ScopeId == scope.Id && f.ActivityId == activityId);
        Invalidate(scope, graph, downstream);
        scope.Active++;

        // A faulted task re-opens its own task (same key); a completed one gets a new task under a new key.
        queue.Enqueue(new QueuedItem(scope.Id, activityId, Retry: retry));
        return downstream;
    }

    private ScopeState ReopenRoot()
    {
        var root = model.Root!;
        var scope = state.LastRoot is { } last && last.GraphNodeId == root.NodeId
            ? Clone(last)
            : new ScopeState { Id = RootScope, GraphNodeId = root.NodeId, StartId = root.FindStart(null)?.Id ?? root.Activities[0].Id, Mode = Mode };
        scope.Id = RootScope;
        scope.ParentScopeId = null;
        scope.OwnerExecutionId = null;
        scope.Active = 0;
        scopes[RootScope] = scope;
        return scope;
    }

    private static HashSet<string> Downstream(FlowGraph graph, FlowAnalysis analysis, string activityId)
    {
        var found = new HashSet<string> { activityId };
        var next = new Queue<string>([activityId]);
        while (next.TryDequeue(out var id))
        {
            foreach (var c in graph.Outbound(id).Where(c => !analysis.IsBackward(c)))
            {
                if (found.Add(c.Target))
                {
                    next.Enqueue(c.Target);
                }
            }
        }

        return found;
    }

    /// <summary>Forgets that these activities ran and stops whatever of them is running, waiting or faulted in the scope.</summary>
    private void Invalidate(ScopeState scope, FlowGraph graph, HashSet<string> activities)
    {
        foreach (var id in activities)
        {
            scope.Visits.Remove(id);
        }

        foreach (var c in graph.Connections.Where(c => activities.Contains(c.Source)))
        {
            scope.ConnectionVisits.Remove(c.Key);
            scope.ConnectionFollowed.Remove(c.Key);
        }

        scope.Tokens.RemoveAll(t => activities.Contains(t.From));
        var faultedBefore = state.Faulted.Select(f => f.ActivityId).ToList();
        foreach (var bookmark in state.Bookmarks.Where(b => b.ScopeId == scope.Id && activities.Contains(b.ActivityId)).ToList())
        {
            StopWaiting(bookmark);
            scope.Active--;
        }

        foreach (var container in state.Containers.Where(c => c.ScopeId == scope.Id && activities.Contains(c.ActivityId)).ToList())
        {
            StopContainer(scope, container);
            scope.Active--;
        }

        var kept = queue.Where(q => q.ScopeId != scope.Id || !activities.Contains(q.ActivityId)).ToList();
        scope.Active -= queue.Count - kept.Count;
        queue.Clear();
        foreach (var item in kept)
        {
            queue.Enqueue(item);
        }

        // A faulted activity still counts as active in its scope.
        scope.Active -= state.Faulted.RemoveAll(f => f.ScopeId == scope.Id && activities.Contains(f.ActivityId));
        var cleared = faultedBefore.Except(state.Faulted.Select(f => f.ActivityId)).Concat(activities).ToHashSet();
        state.Incidents.RemoveAll(i => cleared.Contains(i.ActivityId));
    }

    /// <summary>CancelActivity: the activity stops waiting and completes as cancelled, following no outcome.</summary>
    private void CancelRunning(string activityId)
    {
        foreach (var bookmark in state.Bookmarks.Where(b => b.ActivityId == activityId).ToList())
        {
            if (scopes.TryGetValue(bookmark.ScopeId, out var scope))
            {
                StopWaiting(bookmark);
                AfterCancelled(scope, activityId);
            }
        }

        foreach (var container in state.Containers.Where(c => c.ActivityId == activityId).ToList())
        {
            if (scopes.TryGetValue(container.ScopeId, out var scope))
            {
                StopContainer(scope, container);
                AfterCancelled(scope, activityId);
            }
        }
    }

    private void AfterCancelled(ScopeState scope, string activityId)
    {
        scope.Active--;
        if (Mode == FlowchartExecutionMode.TokenBased)
        {
            scope.Tokens.RemoveAll(t => t.To == activityId);
        }
        else
        {
            // No outcome followed: joins downstream count the branch as done instead of waiting for it.
            ScheduleOutbound(scope, activityId, NoOutcomes, false);
        }

        if (scopes.ContainsKey(scope.Id) && scope.Active == 0)
        {
            CompleteScope(scope);
        }
    }

    private void StopWaiting(WaitingActivity bookmark)
    {
        state.Bookmarks.Remove(bookmark);
        removedBookmarkIds.Add(bookmark.BookmarkId);
        CancelExecution(bookmark);
        NoteStopped([bookmark]);
    }

    private void StopContainer(ScopeState scope, ContainerExecution container)
    {
        var waiting = state.Bookmarks.ToList();
        foreach (var owned in scopes.Values.Where(s => s.OwnerExecutionId == container.ExecutionId).Select(s => s.Id).ToList())
        {
            RemoveScopeTree(owned, keep: false);
        }

        NoteStopped(waiting.Except(state.Bookmarks));
        state.Containers.Remove(container);
        liveContainers.Remove(container.ExecutionId);
        if (FindActivity(scope, container.ActivityId, out var activity))
        {
            var execution = new Execution(scope, activity, container.ExecutionId, container.StartedAt, false);
            Journal(activity, scope, container.ExecutionId, "Cancelled");
            UpsertExecution(execution, ActivityExecutionStatus.Canceled);
        }
    }
}

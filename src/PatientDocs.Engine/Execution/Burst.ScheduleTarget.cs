using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Where a ScheduleActivity lands. An activity that is live (running, waiting or faulted) re-runs in its own scope. One that
/// is not re-runs through the structured containers above it (a Sequence, an If): the nearest of them that is still running
/// goes back to the slot that leads to it; when none is, the outermost container re-runs in its flowchart and each
/// container on the way down starts at that slot instead of its first child.
/// </summary>
internal sealed partial class Burst
{
    // Container node id → the slot it starts at instead of running from its beginning (consumed by the container's start).
    private readonly Dictionary<string, string> pendingRewinds = [];

    /// <summary>
    /// <paramref name="Scope"/>: the live scope the activity (or its outermost container) re-runs in; null with
    /// <paramref name="Container"/> set when a running container goes back to a slot; both null when the root re-opens.
    /// </summary>
    private sealed record ScheduleTarget(ScopeState? Scope, ContainerExecution? Container, string ActivityId, IReadOnlyList<(FlowActivity Container, string Slot)> Path);

    private ScheduleTarget? FindScheduleTarget(string activityId, out string? problem)
    {
        problem = null;
        if (!model.ActivitiesById.ContainsKey(activityId))
        {
            problem = $"Activity '{activityId}' does not exist in version {definition.Version} of the workflow.";
            return null;
        }

        var holding = ScopesHolding(activityId);
        if (holding.Count > 1)
        {
            problem = $"Activity '{activityId}' runs in {holding.Count} parallel branches of a container; schedule the container instead.";
            return null;
        }

        if (holding.Count == 1)
        {
            return new ScheduleTarget(holding[0], null, activityId, []);
        }

        // The deepest running structured container with the activity below it, through slots only.
        var running = state.Containers
            .Where(c => c.Structured && scopes.ContainsKey(c.ScopeId))
            .Select(c => (Record: c, Activity: FindActivity(scopes[c.ScopeId], c.ActivityId, out var a) ? a : null))
            .Select(c => (c.Record, Path: c.Activity is null ? null : SlotPath(c.Activity, activityId)))
            .Where(c => c.Path is not null)
            .OrderBy(c => c.Path!.Count)
            .FirstOrDefault();
        if (running.Path is { } fromRunning)
        {
            problem = RewindProblem(activityId, fromRunning);
            return problem is null ? new ScheduleTarget(null, running.Record, activityId, fromRunning) : null;
        }

        // A live flowchart (or the root, re-opened) holding the activity directly or its outermost container.
        var live = scopes.Values.Where(s => !s.GraphNodeId.EndsWith(FlowGraph.SlotSuffix, StringComparison.Ordinal)).ToList();
        var reopen = !scopes.ContainsKey(RootScope) && model.Root is not null;
        foreach (var (scope, graph) in live.Select(s => ((ScopeState?)s, GraphOf(s))).Concat(reopen ? [((ScopeState?)null, model.Root!)] : []))
        {
            foreach (var top in graph.Activities)
            {
                var path = top.Id == activityId ? [] : SlotPath(top, activityId);
                if (path is null)
                {
                    continue;
                }

                problem = RewindProblem(activityId, path);
                return problem is null ? new ScheduleTarget(scope, null, top.Id, path) : null;
            }
        }

        problem = $"Activity '{activityId}' is inside a container that is not running now; schedule the container instead.";
        return null;
    }

    /// <summary>The containers from <paramref name="container"/> down to the activity, each with the slot that leads on; null when it is not below.</summary>
    private static List<(FlowActivity Container, string Slot)>? SlotPath(FlowActivity container, string activityId)
    {
        foreach (var (slot, graph) in container.Slots)
        {
            var child = graph.Activities[0];
            if (child.Id == activityId)
            {
                return [(container, slot)];
            }

            if (SlotPath(child, activityId) is { } below)
            {
                return [(container, slot), .. below];
            }
        }

        return null;
    }

    private string? RewindProblem(string activityId, IReadOnlyList<(FlowActivity Container, string Slot)> path)
    {
        foreach (var (container, _) in path)
        {
            if (registry.Find(container.Type) is not { IsContainer: true } type || !((ContainerActivity)registry.Create(type.TypeName)).CanRewind)
            {
                return $"Activity '{activityId}' is inside '{container.Id}' ({container.Type}), which cannot go back to one of its children unless that child is running, waiting or faulted; schedule '{container.Id}' instead.";
            }
        }

        return null;
    }

    /// <summary>A running structured container goes back to the slot that leads to the activity; what it runs now is stopped.</summary>
    private void Rewind(ContainerExecution record, IReadOnlyList<(FlowActivity Container, string Slot)> path)
    {
        var scope = scopes[record.ScopeId];
        var activity = path[0].Container;
        var waiting = state.Bookmarks.ToList();
        var faultedBefore = state.Faulted.Select(f => f.ActivityId).ToList();
        RemoveChildScopes(record);
        NoteStopped(waiting.Except(state.Bookmarks));

        // A child that had faulted is gone with its scope, and so is its incident.
        var cleared = faultedBefore.Except(state.Faulted.Select(f => f.ActivityId)).ToHashSet();
        state.Incidents.RemoveAll(i => cleared.Contains(i.ActivityId));
        foreach (var (below, slot) in path.Skip(1))
        {
            pendingRewinds[below.NodeId] = slot;
        }

        record.Breaking = false;
        var execution = new Execution(scope, activity, record.ExecutionId, record.StartedAt, record.Backward);
        if (LoadContainer(record, execution, registry.Find(activity.Type)!) is { } container)
        {
            Invoke(record, execution, container, c => container.Rewind(c, path[0].Slot));
        }
    }

    /// <summary>Bookmarks an alteration stopped: their tasks are cancelled and the child instances they waited for too.</summary>
    private void NoteStopped(IEnumerable<WaitingActivity> bookmarks)
    {
        foreach (var bookmark in bookmarks)
        {
            switch (bookmark.Kind)
            {
                case BookmarkKind.Task or BookmarkKind.TaskGroup:
                    cancelledTaskBookmarks.Add(bookmark.BookmarkId);
                    break;
                case BookmarkKind.Child:
                    cancelledChildren.Add(bookmark.BookmarkId[ChildBookmarkId("").Length..]);
                    break;
            }

            if (bookmark.Bulk is not null)
            {
                cancelledBulkBookmarks.Add(bookmark.BookmarkId);
            }
        }
    }
}

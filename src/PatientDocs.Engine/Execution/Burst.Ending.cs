using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Ending what is open: a cancel, a timeout, a FinishWorkflow and a removed scope journal a Cancelled end for every
/// waiting activity and every running container, innermost first, so each execution has one start and one end.
/// </summary>
internal sealed partial class Burst
{
    public BurstResult Cancel()
    {
        EndOpenWork();
        JournalWorkflow("Cancelled");
        finished = true;
        finishedAs = WorkflowSubStatus.Cancelled;
        return Finish();
    }

    /// <summary>Cancels every wait and container of the instance and clears its scopes, queue and faults.</summary>
    private void EndOpenWork()
    {
        CancelOpen(state.Bookmarks.ToList(), state.Containers.ToList());
        state.Bookmarks.Clear();
        state.Containers.Clear();
        state.Faulted.Clear();
        scopes.Clear();
        queue.Clear();
    }

    /// <summary>Removes these waits and containers, journalling each one's Cancelled end: the waits, then containers from the deepest scope up.</summary>
    private void CancelOpen(List<WaitingActivity> bookmarks, List<ContainerExecution> containers)
    {
        foreach (var bookmark in bookmarks)
        {
            state.Bookmarks.Remove(bookmark);
            removedBookmarkIds.Add(bookmark.BookmarkId);
            CancelExecution(bookmark);
        }

        foreach (var container in containers.OrderByDescending(c => ScopeDepth(c.ScopeId)))
        {
            state.Containers.Remove(container);
            liveContainers.Remove(container.ExecutionId);
            if (scopes.TryGetValue(container.ScopeId, out var scope) && FindActivity(scope, container.ActivityId, out var activity))
            {
                Journal(activity, scope, container.ExecutionId, "Cancelled");
                UpsertExecution(new Execution(scope, activity, container.ExecutionId, container.StartedAt, false), ActivityExecutionStatus.Canceled);
            }
        }
    }

    private int ScopeDepth(string scopeId)
    {
        var depth = 0;
        for (var id = scopeId; scopes.TryGetValue(id, out var scope) && scope.ParentScopeId is { } parent; id = parent)
        {
            depth++;
        }

        return depth;
    }
}

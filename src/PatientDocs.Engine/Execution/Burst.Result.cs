using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>The burst's result: the state to persist and everything the store writes with it.</summary>
internal sealed partial class Burst : IActivityHost, IExpressionScope
{
    private BurstResult Finish()
    {
        // Work queued in scopes a container has since cancelled (a Fork's other branches) is dropped.
        state.Queue = queue.Where(q => scopes.ContainsKey(q.ScopeId)).ToList();
        state.Scopes = [.. scopes.Values];
        state.UpdatedAt = Now;
        if (finished)
        {
            state.Status = WorkflowStatus.Finished;
            state.SubStatus = finishedAs;
            state.FinishedAt = Now;
            state.Queue.Clear();
            state.Scopes.Clear();
            foreach (var b in state.Bookmarks)
            {
                removedBookmarkIds.Add(b.BookmarkId);
            }

            state.Bookmarks.Clear();
        }
        else
        {
            state.Status = WorkflowStatus.Running;
            state.SubStatus = state.Incidents.Count > 0 ? WorkflowSubStatus.Faulted
                : state.Bookmarks.Count > 0 ? WorkflowSubStatus.Suspended
                : state.Queue.Count > 0 ? WorkflowSubStatus.Executing
                : WorkflowSubStatus.Finished;
            if (state.SubStatus == WorkflowSubStatus.Finished)
            {
                // Nothing left to run or wait for: the flowchart is done.
                state.LastRoot = scopes.GetValueOrDefault(RootScope) ?? state.LastRoot;
                state.Status = WorkflowStatus.Finished;
                state.FinishedAt = Now;
                state.Scopes.Clear();
            }
        }

        if (droppedJournal > 0)
        {
            journal.Add(WorkflowRecord("JournalTruncated", $"{droppedJournal} journal records of this burst were not kept."));
        }

        JournalSuspensionOrFault();

        // A bookmark created and consumed in the same burst is neither new nor removed for the store.
        var created = newBookmarks.Select(b => b.Id).ToHashSet();
        var removed = removedBookmarkIds.Distinct().ToList();
        var bornAndGone = removed.Where(created.Contains).ToHashSet();
        return new BurstResult
        {
            StateJson = JsonSerializer.Serialize(state, InstanceState.Json),
            Status = state.Status,
            SubStatus = state.SubStatus,
            IncidentCount = state.Incidents.Count,
            CorrelationId = state.CorrelationId,
            FinishedAt = state.FinishedAt,
            NewBookmarks = newBookmarks.Where(b => !bornAndGone.Contains(b.Id)).ToList(),
            RemovedBookmarkIds = removed.Where(id => !bornAndGone.Contains(id)).ToList(),
            // A waited-for child is created only if its bookmark survived the burst; a dispatched one once its activity completed.
            Children = children.Where(c => !c.Request.WaitForCompletion || state.Bookmarks.Any(b => b.BookmarkId == ChildBookmarkId(c.InstanceId))).ToList(),
            BulkStarts = bulkStarts.Where(s => state.Bookmarks.Any(b => b.BookmarkId == s.BookmarkId)).ToList(),
            Output = (JsonObject)state.Output.DeepClone(),
            PublishedEvents = publishedEvents,
            Tasks = tasks.Where(t => !bornAndGone.Contains(t.BookmarkId) || state.Bookmarks.Any(b => b.BookmarkId == t.BookmarkId)).ToList(),
            Journal = journal,
            ActivityExecutions = executions.Values.ToList(),
            ActivityLog = ActivityLogEvents(),
            CancelledTaskBookmarkIds = cancelledTaskBookmarks,
            CancelledChildInstanceIds = cancelledChildren,
            CancelledBulkBookmarkIds = cancelledBulkBookmarks,
            Reopenings = reopened ? state.Reopenings : null,
            AlterationLog = alterationLog,
            HttpResponse = httpResponse,
        };
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities.Children;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Bulk dispatch: one bookmark per activity run, resumed once per finished child; the children are counted on it, never
/// listed, so the parent's state stays the same size whatever the number of items.
/// </summary>
internal sealed partial class Burst
{
    private readonly List<BulkStart> bulkStarts = [];

    internal static string BulkBookmarkId(string key) => $"bulk:{key}";

    /// <summary>The same parent, activity run and item always give the same child id, so a child can never be created twice.</summary>
    internal static string BulkChildId(string key, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}:{index}"));
        return new Guid(hash.AsSpan(0, 16)).ToString("N");
    }

    private void StartBulk(Execution execution, BulkDispatchRequest request)
    {
        var activity = execution.Activity;
        var run = state.ExecutionCounts.GetValueOrDefault(activity.Id) + 1;
        state.ExecutionCounts[activity.Id] = run;
        var key = $"{state.Id}:{activity.Id}:{run}";
        var ids = Enumerable.Range(0, request.Children.Count).Select(i => BulkChildId(key, i)).ToList();
        var bookmarkId = BulkBookmarkId(key);
        bulkStarts.Add(new BulkStart(bookmarkId, activity.Id, request, ids));

        // The items are the children's inputs now; kept on the bookmark they would grow the state with every item.
        var inputs = (JsonObject?)execution.Inputs?.DeepClone() ?? [];
        inputs.Remove("items");
        execution.Inputs = inputs;
        var bookmark = WaitingOf(execution, bookmarkId, BookmarkKind.Child, key);
        bookmark.Inputs = inputs;
        bookmark.Bulk = new BulkProgress { Total = request.WaitForCompletion ? ids.Count : 0 };
        AddBookmark(bookmark, execution);
    }

    /// <summary>
    /// A finished child is counted and the bookmark kept until the last one; the runtime's error (no published definition)
    /// faults the activity; <c>{"dispatched": n}</c> (not waiting, or no items) completes it.
    /// </summary>
    private void ResumeBulk(ScopeState scope, Flowcharts.FlowActivity activity, WaitingActivity waiting, BulkProgress progress, JsonNode? payload)
    {
        var execution = new Execution(scope, activity, waiting.ExecutionId, waiting.StartedAt, false) { Inputs = waiting.Inputs };
        var o = payload as JsonObject;
        if (o?["dispatched"] is null)
        {
            var child = ChildWorkflowResult.Parse(payload);
            if (child.SubStatus is null)
            {
                Journal(activity, scope, waiting.ExecutionId, "Resumed");
                Fault(execution, child.Error ?? "The bulk dispatch's result was empty.");
                return;
            }

            if (child.SubStatus is WorkflowSubStatus.Faulted or WorkflowSubStatus.Cancelled)
            {
                progress.Faulted++;
            }
            else
            {
                progress.Completed++;
            }

            if (progress.Completed + progress.Faulted < progress.Total)
            {
                state.Bookmarks.Add(waiting);
                removedBookmarkIds.Remove(waiting.BookmarkId);
                return;
            }
        }

        Journal(activity, scope, waiting.ExecutionId, "Resumed");
        var outputs = new JsonObject { ["completedCount"] = progress.Completed, ["faultedCount"] = progress.Faulted };
        Complete(execution, outputs, ["Completed", "Done"]);
    }
}

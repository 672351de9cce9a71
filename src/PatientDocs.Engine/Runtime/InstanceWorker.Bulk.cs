using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>Bulk dispatch: every child created in the parent's commit, each pointing at the dispatch's one bookmark.</summary>
public sealed partial class InstanceWorker
{
    /// <summary>
    /// The children of the bulk dispatches a burst asked for, with their start items. A waiting dispatch is resumed by each
    /// child's end; one that does not wait (or has no items) is resumed at once with <c>{"dispatched": n}</c>, and one whose
    /// definition has no published version with that error (it faults, creating nothing).
    /// </summary>
    private async Task<(List<InstanceRecord> Instances, List<WorkItemRecord> Items)> StartBulkAsync(
        InstanceRecord parent, IReadOnlyList<BulkStart> bulks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instances = new List<InstanceRecord>();
        var items = new List<WorkItemRecord>();
        foreach (var bulk in bulks)
        {
            var request = bulk.Request;
            var definition = await _store.FindDefinitionAsync(request.DefinitionId, VersionOptions.Published, cancellationToken).ConfigureAwait(false);
            if (definition is null)
            {
                items.Add(ResumeItem(parent.Id, bulk.BookmarkId, new JsonObject { ["error"] = $"No published version of workflow definition '{request.DefinitionId}' exists." }, now));
                continue;
            }

            for (var i = 0; i < request.Children.Count; i++)
            {
                var child = request.Children[i];

                // Elsa passes the parent's id to the child as an input too.
                var input = (JsonObject)child.Input.DeepClone();
                input["ParentInstanceId"] = parent.Id;
                var start = new StartWorkflowRequest
                {
                    DefinitionId = request.DefinitionId,
                    Input = input,
                    CorrelationId = child.CorrelationId,
                    ParentInstanceId = parent.Id,
                    TaskQueue = request.TaskQueue,
                };
                var (instance, startItem) = WorkflowRuntime.NewInstance(start, definition, now, bulk.ChildIds[i]);
                instances.Add(request.WaitForCompletion ? instance with { ParentBookmarkId = bulk.BookmarkId } : instance);
                items.Add(startItem);
            }

            if (!request.WaitForCompletion || request.Children.Count == 0)
            {
                items.Add(ResumeItem(parent.Id, bulk.BookmarkId, new JsonObject { ["dispatched"] = request.Children.Count }, now));
            }
        }

        return (instances, items);
    }
}

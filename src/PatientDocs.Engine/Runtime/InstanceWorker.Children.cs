using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PatientDocs.Engine.Activities.Children;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>Child workflows: created in their parent's commit, and their end resuming the parent in their own commit.</summary>
public sealed partial class InstanceWorker
{
    /// <summary>
    /// The definitions of children dispatched without waiting that have no published version. Their activities completed in
    /// the burst, so the burst runs again knowing them and faults those activities instead.
    /// </summary>
    private async Task<IReadOnlySet<string>> UnpublishedDispatchesAsync(IReadOnlyList<ChildStart> children, CancellationToken cancellationToken)
    {
        var unpublished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in children.Where(c => !c.Request.WaitForCompletion).Select(c => c.Request.DefinitionId).Distinct(StringComparer.Ordinal))
        {
            if (await _store.FindDefinitionAsync(id, VersionOptions.Published, cancellationToken).ConfigureAwait(false) is null)
            {
                unpublished.Add(id);
            }
        }

        return unpublished;
    }

    /// <summary>
    /// The child instances a burst asked for, with their start items. A waited-for child whose definition has no published
    /// version resumes its activity with that error (it faults, as Elsa's does); a dispatched one was checked before the burst
    /// was committed, and one retracted since is not created (logged).
    /// </summary>
    private async Task<(List<InstanceRecord> Instances, List<WorkItemRecord> Items)> StartChildrenAsync(
        InstanceRecord parent, IReadOnlyList<ChildStart> children, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instances = new List<InstanceRecord>(children.Count);
        var items = new List<WorkItemRecord>(children.Count);
        var definitions = new Dictionary<string, WorkflowDefinition?>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            var request = child.Request;
            if (!definitions.TryGetValue(request.DefinitionId, out var definition))
            {
                definitions[request.DefinitionId] = definition =
                    await _store.FindDefinitionAsync(request.DefinitionId, VersionOptions.Published, cancellationToken).ConfigureAwait(false);
            }

            if (definition is null && !request.WaitForCompletion)
            {
                LogDispatchedDefinitionGone(_logger, parent.Id, child.ActivityId, request.DefinitionId);
                continue;
            }

            if (definition is null)
            {
                var error = new ChildWorkflowResult { InstanceId = child.InstanceId, Error = $"No published version of workflow definition '{request.DefinitionId}' exists." };
                items.Add(ResumeItem(parent.Id, child.InstanceId, error, now));
                continue;
            }

            // Elsa passes the parent's id to the child as an input too.
            var input = (JsonObject?)request.Input?.DeepClone() ?? [];
            input["ParentInstanceId"] = parent.Id;
            var start = new StartWorkflowRequest { DefinitionId = request.DefinitionId, Input = input, CorrelationId = request.CorrelationId, ParentInstanceId = parent.Id, TaskQueue = request.TaskQueue };
            var (instance, startItem) = WorkflowRuntime.NewInstance(start, definition, now, child.InstanceId);
            instances.Add(instance);
            items.Add(startItem);
        }

        return (instances, items);
    }

    /// <summary>The work item that resumes the parent waiting on this finished child, or null when none waits (dispatched without waiting, or the parent is gone).</summary>
    private async Task<WorkItemRecord?> ResumeParentAsync(InstanceRecord child, JsonObject output, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (child.ParentInstanceId is not { } parentId)
        {
            return null;
        }

        var bookmarkId = child.ParentBookmarkId ?? Burst.ChildBookmarkId(child.Id);
        var bookmarks = await _store.ListBookmarksAsync(parentId, cancellationToken).ConfigureAwait(false);
        if (bookmarks.All(b => b.Id != bookmarkId))
        {
            return null;
        }

        return ResumeItem(parentId, bookmarkId, new ChildWorkflowResult { InstanceId = child.Id, SubStatus = child.SubStatus, Output = output, Error = error }.ToJson(), now);
    }

    private static WorkItemRecord ResumeItem(string parentId, string childId, ChildWorkflowResult result, DateTimeOffset now) =>
        ResumeItem(parentId, Burst.ChildBookmarkId(childId), result.ToJson(), now);

    private static WorkItemRecord ResumeItem(string parentId, string bookmarkId, JsonObject payload, DateTimeOffset now) => new()
    {
        Id = RuntimeIds.New(now),
        InstanceId = parentId,
        Kind = WorkItemKind.Resume,
        BookmarkId = bookmarkId,
        Payload = payload.ToJsonString(),
        AvailableAt = now,
        CreatedAt = now,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId}: activity {ActivityId} dispatched a child of {DefinitionId}, whose published version was retracted before the commit; no child was created")]
    private static partial void LogDispatchedDefinitionGone(ILogger logger, string instanceId, string activityId, string definitionId);
}

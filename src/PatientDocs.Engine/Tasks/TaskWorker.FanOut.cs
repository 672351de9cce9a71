using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tasks;

/// <summary>A fan-out outcome becomes a task group; its items complete into one work item that resumes the instance.</summary>
public sealed partial class TaskWorker
{
    private TaskFanOut BuildFanOut(TaskRecord parent, FanOutOutcome fanOut, TaskActivity? activity, DateTimeOffset now)
    {
        var groupId = RuntimeIds.New(now);
        var deadline = now + _catalog.RetryPolicyFor(fanOut.Queue).Deadline;
        var handler = _itemHandlers.GetValueOrDefault(fanOut.Queue)?.GetType().FullName ?? fanOut.Queue;
        var state = new JsonObject
        {
            ["handler"] = parent.Handler,
            ["input"] = JsonNode.Parse(parent.Input),
            ["outputs"] = activity is null ? null : _registry.ReadOutputs(activity),
        };
        var group = new TaskGroupRecord
        {
            Id = groupId,
            InstanceId = parent.InstanceId,
            ActivityId = parent.ActivityId,
            BookmarkId = parent.BookmarkId ?? "",
            ParentTaskId = parent.Id,
            Total = fanOut.Items.Count,
            ActivityState = state.ToJsonString(),
            CreatedAt = now,
        };
        _groupBookmarks[groupId] = group.BookmarkId;
        var items = fanOut.Items.Select(item => new TaskRecord
        {
            Id = RuntimeIds.New(now),
            Queue = fanOut.Queue,
            Handler = handler,
            InstanceId = parent.InstanceId,
            ActivityId = parent.ActivityId,
            IdempotencyKey = $"{parent.IdempotencyKey}:{item.Key}",
            GroupId = groupId,
            Priority = parent.Priority,
            Weight = item.Weight,
            State = TaskState.Pending,
            NotBefore = now,
            Deadline = deadline,
            Input = item.Input.ToJsonString(),
            CreatedAt = now,
        }).ToList();
        return new TaskFanOut(group, items);
    }

    private async Task<string> GroupBookmarkAsync(string groupId, CancellationToken cancellationToken)
    {
        if (_groupBookmarks.TryGetValue(groupId, out var bookmarkId))
        {
            return bookmarkId;
        }

        var group = await _store.FindTaskGroupAsync(groupId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Task group {groupId} does not exist.");
        if (_groupBookmarks.Count > 10_000)
        {
            _groupBookmarks.Clear();
        }

        return _groupBookmarks[groupId] = group.BookmarkId;
    }

    private static WorkItemRecord GroupWorkItem(string instanceId, string bookmarkId, string groupId, DateTimeOffset now) => new()
    {
        Id = RuntimeIds.New(now),
        InstanceId = instanceId,
        Kind = WorkItemKind.Resume,
        BookmarkId = bookmarkId,
        Payload = RuntimeJson.GroupCompleted(groupId),
        AvailableAt = now,
        CreatedAt = now,
    };
}

namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
    public Task<IReadOnlyList<LeasedInstance>> LeaseRunnableInstancesAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var runnable = _workItems.Values
                .Where(w => w.Value.AvailableAt <= now && !HasLiveLease(w.Value.InstanceId, now) && _instances.ContainsKey(w.Value.InstanceId))
                .GroupBy(w => w.Value.InstanceId)
                .Select(g => (InstanceId: g.Key, Items: g.OrderBy(w => w.Value.AvailableAt).ThenBy(w => w.Sequence).Select(w => w.Value).ToList()))
                .OrderBy(r => r.Items.TrueForAll(w => w.Kind == WorkItemKind.Start) ? 1 : 0)
                // A started instance ranks by its earliest work other than a Start, as the database stores rank it.
                .ThenBy(r => r.Items.Find(w => w.Kind != WorkItemKind.Start)?.AvailableAt ?? r.Items[0].AvailableAt)
                .Take(max)
                .ToList();
            var leased = new List<LeasedInstance>(runnable.Count);
            foreach (var (instanceId, items) in runnable)
            {
                _leases[instanceId] = (owner, now + leaseDuration);
                leased.Add(new LeasedInstance(_instances[instanceId], items));
            }

            return Task.FromResult<IReadOnlyList<LeasedInstance>>(leased);
        }
    }

    public Task<LeasedInstance?> LeaseInstanceAsync(string instanceId, string owner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(LeaseInstance(instanceId, owner, now, leaseDuration));
        }
    }

    /// <summary>The instance and its due work items, leased to <paramref name="owner"/>; null if it is gone or someone holds it. Under the gate.</summary>
    private LeasedInstance? LeaseInstance(string instanceId, string owner, DateTimeOffset now, TimeSpan leaseDuration)
    {
        if (!_instances.TryGetValue(instanceId, out var instance) || HasLiveLease(instanceId, now))
        {
            return null;
        }

        _leases[instanceId] = (owner, now + leaseDuration);
        var items = _workItems.Values
            .Where(w => w.Value.InstanceId == instanceId && w.Value.AvailableAt <= now)
            .OrderBy(w => w.Value.AvailableAt)
            .ThenBy(w => w.Sequence)
            .Select(w => w.Value)
            .ToList();
        return new LeasedInstance(instance, items);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string owner, IReadOnlyList<string> instanceIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var lost = new List<string>();
            foreach (var id in instanceIds)
            {
                if (_leases.TryGetValue(id, out var lease) && lease.Owner == owner)
                {
                    _leases[id] = (owner, now + leaseDuration);
                }
                else
                {
                    lost.Add(id);
                }
            }

            return Task.FromResult<IReadOnlyList<string>>(lost);
        }
    }

    public Task<Activities.HttpResponseData?> FindHttpResponseAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_httpResponses.GetValueOrDefault(instanceId));
        }
    }

    public Task CommitBurstAsync(BurstCommit commit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var instanceId = commit.Instance.Id;
            if (!_instances.TryGetValue(instanceId, out var stored) || !_leases.TryGetValue(instanceId, out var lease) || lease.Owner != commit.LeaseOwner)
            {
                throw new LeaseLostException(instanceId);
            }

            _instances[instanceId] = commit.Instance with
            {
                DefinitionId = stored.DefinitionId,
                Name = stored.Name,
                CreatedAt = stored.CreatedAt,
                ParentInstanceId = stored.ParentInstanceId,
            };
            if (commit.HttpResponse is { } response)
            {
                _httpResponses.TryAdd(instanceId, response);
            }

            foreach (var id in commit.ConsumedWorkItemIds)
            {
                _workItems.Remove(id);
            }

            foreach (var id in commit.RemovedBookmarkIds)
            {
                RemoveBookmark(id);
            }

            foreach (var bookmark in commit.NewBookmarks)
            {
                _bookmarks[bookmark.Id] = bookmark;
            }

            foreach (var child in commit.NewInstances)
            {
                _instances[child.Id] = child;
            }

            AddWorkItems(commit.NewWorkItems);
            if (commit.CancelChildren || commit.CancelChildInstanceIds.Count > 0 || commit.CancelChildrenOfBookmarkIds.Count > 0)
            {
                AddWorkItems(_instances.Values
                    .Where(i => i.ParentInstanceId == instanceId && i.Status != WorkflowStatus.Finished)
                    .Where(i => commit.CancelChildren || commit.CancelChildInstanceIds.Contains(i.Id)
                        || (i.ParentBookmarkId is { } b && commit.CancelChildrenOfBookmarkIds.Contains(b)))
                    .Select(i => ChildCancel(i.Id, commit.Instance.UpdatedAt))
                    .ToList());
            }

            foreach (var task in commit.NewTasks)
            {
                InsertTask(task);
            }

            foreach (var task in commit.RetriedTasks)
            {
                ReopenOrInsertTask(task);
            }

            if (commit.CancelPendingTasks)
            {
                CancelInstanceWork(instanceId, commit.Instance.UpdatedAt);
            }

            CancelTasksOf(instanceId, commit.CancelTasksOfBookmarkIds, commit.Instance.UpdatedAt);
            AppendJournal(instanceId, commit.Journal);

            foreach (var execution in commit.ActivityExecutions)
            {
                _executions[execution.Id] = execution;
            }

            foreach (var activityEvent in commit.ActivityLog)
            {
                _activityLog.Add(new ActivityLogRecord(null, activityEvent));
            }

            if (commit.ReleaseLease)
            {
                _leases.Remove(instanceId);
            }
        }

        return Task.CompletedTask;
    }

    private bool HasLiveLease(string instanceId, DateTimeOffset now) =>
        _leases.TryGetValue(instanceId, out var lease) && lease.ExpiresAt > now;

    private void RemoveBookmark(string bookmarkId)
    {
        // A removed bookmark takes its pending resumes (a timer's due item, a queued event) with it.
        _bookmarks.Remove(bookmarkId);
        RemoveWhere(_workItems, w => w.Value.BookmarkId == bookmarkId && w.Value.Kind == WorkItemKind.Resume);
    }

    private static WorkItemRecord ChildCancel(string childId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now).ToString("N"),
        InstanceId = childId,
        Kind = WorkItemKind.Cancel,
        AvailableAt = now,
        CreatedAt = now,
    };

    private void CancelTasksOf(string instanceId, IReadOnlyList<string> bookmarkIds, DateTimeOffset now)
    {
        if (bookmarkIds.Count == 0)
        {
            return;
        }

        var ids = bookmarkIds.ToHashSet(StringComparer.Ordinal);
        var groups = _groups.Values.Where(g => g.InstanceId == instanceId && ids.Contains(g.BookmarkId)).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in _tasks.Values.Where(t => t.Value.InstanceId == instanceId && t.Value.State is TaskState.Pending or TaskState.Running
            && ((t.Value.BookmarkId is { } b && ids.Contains(b)) || (t.Value.GroupId is { } g && groups.Contains(g)))).ToList())
        {
            _tasks[entry.Value.Id] = entry with
            {
                Value = entry.Value with { State = TaskState.Cancelled, LeaseOwner = null, LeaseExpiresAt = null, CompletedAt = now },
            };
        }
    }

    private void CancelInstanceWork(string instanceId, DateTimeOffset now)
    {
        foreach (var bookmark in _bookmarks.Values.Where(b => b.InstanceId == instanceId).ToList())
        {
            RemoveBookmark(bookmark.Id);
        }

        foreach (var entry in _tasks.Values.Where(t => t.Value.InstanceId == instanceId && t.Value.State is TaskState.Pending or TaskState.Running).ToList())
        {
            _tasks[entry.Value.Id] = entry with
            {
                Value = entry.Value with { State = TaskState.Cancelled, LeaseOwner = null, LeaseExpiresAt = null, CompletedAt = now },
            };
        }
    }
}

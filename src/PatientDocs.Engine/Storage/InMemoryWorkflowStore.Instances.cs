
namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
    public Task<bool> CreateInstancesAsync(
        IReadOnlyList<InstanceRecord> instances,
        IReadOnlyList<WorkItemRecord> workItems,
        IReadOnlyList<StartVersion>? versions = null,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (versions is not null && !versions.All(StillSelected))
            {
                return Task.FromResult(false);
            }

            if (instances.FirstOrDefault(i => _instances.ContainsKey(i.Id)) is { } duplicate)
            {
                throw new InvalidOperationException($"Instance {duplicate.Id} already exists.");
            }

            foreach (var instance in instances)
            {
                _instances[instance.Id] = instance;
            }

            AddWorkItems(workItems);
        }

        return Task.FromResult(true);
    }

    public Task<bool> CreateLeasedInstanceAsync(
        InstanceRecord instance,
        WorkItemRecord start,
        string owner,
        DateTimeOffset leaseExpiresAt,
        StartVersion? version = null,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (version is not null && !StillSelected(version))
            {
                return Task.FromResult(false);
            }

            if (!_instances.TryAdd(instance.Id, instance))
            {
                throw new InvalidOperationException($"Instance {instance.Id} already exists.");
            }

            _leases[instance.Id] = (owner, leaseExpiresAt);
            AddWorkItems([start]);
        }

        return Task.FromResult(true);
    }

    /// <summary>Whether the options still select the version the start resolved (under the lock).</summary>
    private bool StillSelected(StartVersion version) => FindMatch(version.DefinitionId, version.Options)?.Id == version.VersionId;

    public Task<InstanceRecord?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    public Task<PagedResult<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var matches = FilterInstances(query);
            Func<InstanceRecord, DateTimeOffset> key = query.OrderBy switch
            {
                "UpdatedAt" => i => i.UpdatedAt,
                "FinishedAt" => i => i.FinishedAt ?? DateTimeOffset.MinValue,
                _ => i => i.CreatedAt,
            };
            var ordered = query.Descending
                ? matches.OrderByDescending(key).ThenByDescending(i => i.Id, StringComparer.Ordinal)
                : matches.OrderBy(key).ThenBy(i => i.Id, StringComparer.Ordinal);
            var all = ordered.ToList();
            var page = all.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).ToList();
            return Task.FromResult(new PagedResult<InstanceRecord>(page, all.Count));
        }
    }

    public Task<bool> DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_instances.Remove(instanceId))
            {
                return Task.FromResult(false);
            }

            _leases.Remove(instanceId);
            _httpResponses.Remove(instanceId);
            RemoveWhere(_workItems, w => w.Value.InstanceId == instanceId);
            RemoveWhere(_bookmarks, b => b.InstanceId == instanceId);
            foreach (var task in _tasks.Values.Where(t => t.Value.InstanceId == instanceId).ToList())
            {
                _tasks.Remove(task.Value.Id);
                _taskIdsByKey.Remove(task.Value.IdempotencyKey);
            }

            RemoveWhere(_groups, g => g.InstanceId == instanceId);
            _journal.Remove(instanceId);
            _journalFeed.RemoveAll(r => r.InstanceId == instanceId);
            RemoveWhere(_executions, e => e.InstanceId == instanceId);
            return Task.FromResult(true);
        }
    }

    public Task<long> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)FilterInstances(query).Count());
        }
    }

    public Task AddWorkItemsAsync(IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            AddWorkItems(workItems.Where(w => _instances.ContainsKey(w.InstanceId)));
        }

        return Task.CompletedTask;
    }

    public Task<bool> AddRetryWorkItemAsync(WorkItemRecord retry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(retry.InstanceId, out var instance)
                || instance.Status != WorkflowStatus.Running
                || instance.IncidentCount == 0
                || _workItems.Values.Any(w => w.Value.InstanceId == retry.InstanceId && w.Value.Kind == WorkItemKind.Retry))
            {
                return Task.FromResult(false);
            }

            AddWorkItems([retry with { Kind = WorkItemKind.Retry }]);
            return Task.FromResult(true);
        }
    }

    public Task<DateTimeOffset?> NextWorkItemAtAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            foreach (var item in _workItems.Values)
            {
                var at = item.Value.AvailableAt;
                if (_leases.TryGetValue(item.Value.InstanceId, out var lease) && lease.ExpiresAt > at)
                {
                    at = lease.ExpiresAt;
                }

                if (next is null || at < next)
                {
                    next = at;
                }
            }

            return Task.FromResult(next);
        }
    }

    public Task<IReadOnlyList<BookmarkRecord>> ListBookmarksAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<BookmarkRecord>>(
                _bookmarks.Values.Where(b => b.InstanceId == instanceId).OrderBy(b => b.CreatedAt).ToList());
        }
    }

    public Task<IReadOnlyList<BookmarkRecord>> FindEventBookmarksAsync(string eventName, string? correlationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<BookmarkRecord>>(_bookmarks.Values
                .Where(b => b.Kind == BookmarkKind.Event && b.Name == eventName && (correlationId is null || b.CorrelationId == correlationId))
                .OrderBy(b => b.CreatedAt)
                .ToList());
        }
    }

    private IEnumerable<InstanceRecord> FilterInstances(InstanceQuery query)
    {
        IEnumerable<InstanceRecord> items = _instances.Values;
        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var term = query.SearchTerm;
            items = items.Where(i => Contains(i.Name, term) || Contains(i.Id, term) || Contains(i.CorrelationId, term) || Contains(i.DefinitionId, term));
        }

        if (query.DefinitionIds is { Count: > 0 } definitionIds)
        {
            items = items.Where(i => definitionIds.Contains(i.DefinitionId));
        }

        if (query.ParentInstanceId is { } parentId)
        {
            items = items.Where(i => i.ParentInstanceId == parentId);
        }

        if (query.CorrelationId is { } correlationId)
        {
            items = items.Where(i => i.CorrelationId == correlationId);
        }

        if (query.Version is { } version)
        {
            items = items.Where(i => i.Version == version);
        }

        if (query.HasIncidents is { } hasIncidents)
        {
            items = items.Where(i => (i.IncidentCount > 0) == hasIncidents);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            items = items.Where(i => statuses.Contains(i.Status));
        }

        if (query.SubStatuses is { Count: > 0 } subStatuses)
        {
            items = items.Where(i => subStatuses.Contains(i.SubStatus));
        }

        return items;
    }
}

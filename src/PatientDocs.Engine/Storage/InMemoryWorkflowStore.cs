using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Engine.Storage;

/// <summary>
/// <see cref="IWorkflowStore"/> in process memory, for tests and benchmarks. One lock makes every method atomic, which is
/// the same guarantee the EF store gets from a transaction. Records are immutable, so handing them out is safe;
/// definitions are cloned on the way in and out.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkflowDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sequenced<WorkItemRecord>> _workItems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BookmarkRecord> _bookmarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sequenced<TaskRecord>> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _taskIdsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskGroupRecord> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Grant>> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _longestWindow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalRecord>> _journal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly List<ActivityLogRecord> _activityLog = [];
    private int _activityLogSequenced;
    private long _sequence;

    // Definitions -----------------------------------------------------------------------------------------------

    public Task<WorkflowDefinition?> FindDefinitionAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var match = _definitions.Values
                .Where(d => d.DefinitionId == definitionId && versionOptions.Matches(d.IsLatest, d.IsPublished, d.Version))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            return Task.FromResult(match?.Clone());
        }
    }

    public Task<WorkflowDefinition?> FindDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_definitions.GetValueOrDefault(versionId)?.Clone());
        }
    }

    public Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(DefinitionQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IEnumerable<WorkflowDefinition> items = _definitions.Values
                .Where(d => query.VersionOptions.Matches(d.IsLatest, d.IsPublished, d.Version));
            if (query.DefinitionIds is { Count: > 0 } definitionIds)
            {
                items = items.Where(d => definitionIds.Contains(d.DefinitionId));
            }

            if (query.Ids is { Count: > 0 } ids)
            {
                items = items.Where(d => ids.Contains(d.Id));
            }

            if (!string.IsNullOrWhiteSpace(query.SearchTerm))
            {
                var term = query.SearchTerm;
                items = items.Where(d => Contains(d.Name, term) || Contains(d.DefinitionId, term) || Contains(d.Description, term));
            }

            var ordered = items
                .OrderBy(d => d.Name ?? d.DefinitionId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(d => d.DefinitionId, StringComparer.Ordinal)
                .ThenByDescending(d => d.Version)
                .ToList();
            var page = ordered.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).Select(d => d.Clone()).ToList();
            return Task.FromResult(new PagedResult<WorkflowDefinition>(page, ordered.Count));
        }
    }

    public Task SaveDefinitionVersionsAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var version in versions)
            {
                _definitions[version.Id] = version.Clone();
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> DeleteDefinitionAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ids = _definitions.Values.Where(d => d.DefinitionId == definitionId).Select(d => d.Id).ToList();
            ids.ForEach(id => _definitions.Remove(id));
            return Task.FromResult(ids.Count);
        }
    }

    public Task<bool> DeleteDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_definitions.Remove(versionId));
        }
    }

    // Instances -------------------------------------------------------------------------------------------------

    public Task CreateInstancesAsync(IReadOnlyList<InstanceRecord> instances, IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
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

        return Task.CompletedTask;
    }

    public Task CreateLeasedInstanceAsync(InstanceRecord instance, WorkItemRecord start, string owner, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_instances.TryAdd(instance.Id, instance))
            {
                throw new InvalidOperationException($"Instance {instance.Id} already exists.");
            }

            _leases[instance.Id] = (owner, leaseExpiresAt);
            AddWorkItems([start]);
        }

        return Task.CompletedTask;
    }

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
            RemoveWhere(_workItems, w => w.Value.InstanceId == instanceId);
            RemoveWhere(_bookmarks, b => b.InstanceId == instanceId);
            foreach (var task in _tasks.Values.Where(t => t.Value.InstanceId == instanceId).ToList())
            {
                _tasks.Remove(task.Value.Id);
                _taskIdsByKey.Remove(task.Value.IdempotencyKey);
            }

            RemoveWhere(_groups, g => g.InstanceId == instanceId);
            _journal.Remove(instanceId);
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

    // Leases and bursts -----------------------------------------------------------------------------------------

    public Task<IReadOnlyList<LeasedInstance>> LeaseRunnableInstancesAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var runnable = _workItems.Values
                .Where(w => w.Value.AvailableAt <= now && !HasLiveLease(w.Value.InstanceId, now) && _instances.ContainsKey(w.Value.InstanceId))
                .GroupBy(w => w.Value.InstanceId)
                .Select(g => (InstanceId: g.Key, Items: g.OrderBy(w => w.Value.AvailableAt).ThenBy(w => w.Sequence).Select(w => w.Value).ToList()))
                .OrderBy(r => r.Items.TrueForAll(w => w.Kind == WorkItemKind.Start) ? 1 : 0)
                .ThenBy(r => r.Items[0].AvailableAt)
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
            if (!_instances.TryGetValue(instanceId, out var instance) || HasLiveLease(instanceId, now))
            {
                return Task.FromResult<LeasedInstance?>(null);
            }

            _leases[instanceId] = (owner, now + leaseDuration);
            var items = _workItems.Values
                .Where(w => w.Value.InstanceId == instanceId && w.Value.AvailableAt <= now)
                .OrderBy(w => w.Value.AvailableAt)
                .ThenBy(w => w.Sequence)
                .Select(w => w.Value)
                .ToList();
            return Task.FromResult<LeasedInstance?>(new LeasedInstance(instance, items));
        }
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

    public Task CommitBurstAsync(BurstCommit commit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var instanceId = commit.Instance.Id;
            if (!_instances.ContainsKey(instanceId) || !_leases.TryGetValue(instanceId, out var lease) || lease.Owner != commit.LeaseOwner)
            {
                throw new LeaseLostException(instanceId);
            }

            _instances[instanceId] = commit.Instance;
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

            AddWorkItems(commit.NewWorkItems);
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

            if (commit.Journal.Count > 0)
            {
                if (!_journal.TryGetValue(instanceId, out var journal))
                {
                    _journal[instanceId] = journal = [];
                }

                journal.AddRange(commit.Journal);
            }

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

    // Bookmarks -------------------------------------------------------------------------------------------------

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

    // Tasks -----------------------------------------------------------------------------------------------------

    public Task<ClaimResult> ClaimTasksAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = request.Clock is { } clock && clock.GetUtcNow() > request.Now ? clock.GetUtcNow() : request.Now;
            var queues = new HashSet<string>(request.Queues, StringComparer.Ordinal);
            var candidates = _tasks.Values.Where(t => queues.Contains(t.Value.Queue)).ToList();
            var ready = candidates
                .Where(t => IsReady(t.Value, now))
                .OrderBy(t => t.Sequence)
                .Select(t => new ClaimCandidate(t.Value.Id, t.Value.Priority, t.Value.CreatedAt, t.Value.Weight))
                .ToList();

            List<Grant>? grants = request.Limit is { } limit ? GrantsOf(limit.Name, limit.Window, now) : null;
            var plan = ClaimPlanner.Plan(ready, grants?.Select(g => g.CountsFrom) ?? [], request.Limit, now, request.MaxTasks, request.WeightAvailable);
            var claimed = new List<TaskRecord>(plan.Claims.Count);
            foreach (var claim in plan.Claims)
            {
                if (claim.GrantedAt is { } at)
                {
                    grants!.Add(new Grant(claim.TaskId, at, claim.HeldUntil!.Value));
                }

                var entry = _tasks[claim.TaskId];
                var updated = entry.Value with
                {
                    State = TaskState.Running,
                    LeaseOwner = request.Owner,
                    LeaseExpiresAt = now + request.LeaseDuration,
                    PermitGrantedAt = claim.GrantedAt,
                };
                _tasks[claim.TaskId] = entry with { Value = updated };
                claimed.Add(updated);
            }

            DateTimeOffset? nextTaskAt = null;
            foreach (var candidate in candidates)
            {
                var task = candidate.Value;
                DateTimeOffset? at = task.State switch
                {
                    TaskState.Pending when task.NotBefore > now => task.NotBefore,
                    TaskState.Running when task.LeaseExpiresAt > now && task.LeaseOwner != request.Owner => task.LeaseExpiresAt,
                    _ => null,
                };
                if (at is not null && (nextTaskAt is null || at < nextTaskAt))
                {
                    nextTaskAt = at;
                }
            }

            return Task.FromResult(new ClaimResult(claimed, plan.NextClaimAt, nextTaskAt));
        }
    }

    public Task<bool> CompleteTaskAsync(TaskCompletion completion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(completion.TaskId, out var entry)
                || entry.Value.State != TaskState.Running
                || entry.Value.LeaseOwner != completion.Owner)
            {
                return Task.FromResult(false);
            }

            var task = entry.Value;
            var attempts = task.Attempts + (completion.CountAttempt ? 1 : 0);
            var now = completion.Now;
            if (task.PermitGrantedAt is { } grantedAt)
            {
                ReleaseGrant(task.Id, grantedAt, completion.PermitReleasedAt ?? now);
            }

            switch (completion.Resolution)
            {
                case TaskResolution.Rescheduled:
                    _tasks[task.Id] = entry with
                    {
                        Value = task with
                        {
                            State = TaskState.Pending,
                            Attempts = attempts,
                            NotBefore = completion.NotBefore ?? now,
                            LeaseOwner = null,
                            LeaseExpiresAt = null,
                            PermitGrantedAt = null,
                            Error = completion.Error ?? task.Error,
                        },
                    };
                    break;

                case TaskResolution.Completed:
                case TaskResolution.Failed:
                    var succeeded = completion.Resolution == TaskResolution.Completed;
                    _tasks[task.Id] = entry with
                    {
                        Value = task with
                        {
                            State = succeeded ? TaskState.Completed : TaskState.Failed,
                            Attempts = attempts,
                            LeaseOwner = null,
                            LeaseExpiresAt = null,
                            Result = completion.Result,
                            Error = completion.Error,
                            CompletedAt = now,
                        },
                    };
                    if (task.GroupId is { } groupId && _groups.TryGetValue(groupId, out var group))
                    {
                        group = succeeded
                            ? group with { Succeeded = group.Succeeded + 1 }
                            : group with { Failed = group.Failed + 1, FirstError = group.FirstError ?? completion.Error };
                        _groups[groupId] = group;
                        if (group.Succeeded + group.Failed == group.Total && completion.GroupCompletedWorkItem is { } done)
                        {
                            AddWorkItems([done]);
                        }
                    }
                    else if (completion.ResumeWorkItem is { } resume)
                    {
                        AddWorkItems([resume]);
                    }

                    break;

                case TaskResolution.FannedOut:
                    var fanOut = completion.FanOut ?? throw new ArgumentException("A fan-out completion needs FanOut.", nameof(completion));
                    _tasks[task.Id] = entry with
                    {
                        Value = task with
                        {
                            State = TaskState.Completed,
                            Attempts = attempts,
                            LeaseOwner = null,
                            LeaseExpiresAt = null,
                            Result = completion.Result,
                            CompletedAt = now,
                        },
                    };
                    InsertGroup(fanOut, completion.GroupCompletedWorkItem ?? completion.ResumeWorkItem);
                    break;

                default:
                    throw new ArgumentOutOfRangeException(nameof(completion), completion.Resolution, "Unknown resolution.");
            }

            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> RenewTaskLeasesAsync(string owner, IReadOnlyList<string> taskIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var lost = new List<string>();
            foreach (var id in taskIds)
            {
                if (_tasks.TryGetValue(id, out var entry) && entry.Value.State == TaskState.Running && entry.Value.LeaseOwner == owner)
                {
                    _tasks[id] = entry with { Value = entry.Value with { LeaseExpiresAt = now + leaseDuration } };
                }
                else
                {
                    lost.Add(id);
                }
            }

            return Task.FromResult<IReadOnlyList<string>>(lost);
        }
    }

    public Task<TaskRecord?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_tasks.TryGetValue(taskId, out var entry) ? entry.Value : null);
        }
    }

    public Task<TaskGroupRecord?> FindTaskGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_groups.GetValueOrDefault(groupId));
        }
    }

    public Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TaskRecord>>(_tasks.Values
                .Where(t => t.Value.InstanceId == instanceId)
                .OrderBy(t => t.Sequence)
                .Select(t => t.Value)
                .ToList());
        }
    }

    public Task<IReadOnlyDictionary<string, QueueBacklog>> SummarizeQueuesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var summary = new Dictionary<string, QueueBacklog>(StringComparer.Ordinal);
            foreach (var entry in _tasks.Values)
            {
                var task = entry.Value;
                if (task.State is not (TaskState.Pending or TaskState.Running))
                {
                    continue;
                }

                var current = summary.GetValueOrDefault(task.Queue) ?? new QueueBacklog(0, null);
                if (IsReady(task, now))
                {
                    summary[task.Queue] = current with { Ready = current.Ready + 1 };
                    continue;
                }

                DateTimeOffset? at = task.State == TaskState.Pending ? task.NotBefore : task.LeaseOwner == owner ? null : task.LeaseExpiresAt;
                summary[task.Queue] = at is { } due && (current.NextReadyAt is null || due < current.NextReadyAt) ? current with { NextReadyAt = due } : current;
            }

            return Task.FromResult<IReadOnlyDictionary<string, QueueBacklog>>(summary);
        }
    }

    // Rate limits -----------------------------------------------------------------------------------------------

    public Task<IReadOnlyList<DateTimeOffset>> ListGrantsAsync(string limitName, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var start = now - window;
            return Task.FromResult<IReadOnlyList<DateTimeOffset>>(_grants.TryGetValue(limitName, out var grants)
                ? grants.Select(g => g.GrantedAt).Where(g => g > start && g <= now).Order().ToList()
                : []);
        }
    }

    // Journal and activity executions ---------------------------------------------------------------------------

    public Task<PagedResult<JournalRecord>> ListJournalAsync(string instanceId, JournalFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IEnumerable<JournalRecord> records = _journal.TryGetValue(instanceId, out var journal) ? journal : [];
            if (filter.ActivityIds is { Count: > 0 } activityIds)
            {
                records = records.Where(r => activityIds.Contains(r.ActivityId));
            }

            if (filter.ActivityNodeIds is { Count: > 0 } nodeIds)
            {
                records = records.Where(r => nodeIds.Contains(r.NodeId));
            }

            if (filter.ExcludedActivityTypes is { Count: > 0 } excluded)
            {
                records = records.Where(r => !excluded.Contains(r.ActivityType));
            }

            if (filter.EventNames is { Count: > 0 } eventNames)
            {
                records = records.Where(r => eventNames.Contains(r.EventName));
            }

            // The list is in commit order; a stable sort keeps it within equal timestamps and sequences.
            var all = records.OrderBy(r => r.Timestamp).ThenBy(r => r.Sequence).ToList();
            var page = all.Skip(Math.Max(0, skip)).Take(take).ToList();
            return Task.FromResult(new PagedResult<JournalRecord>(page, all.Count));
        }
    }

    public Task<IReadOnlyList<ActivityExecutionRecord>> ListActivityExecutionsAsync(string instanceId, string? activityNodeId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ActivityExecutionRecord>>(_executions.Values
                .Where(e => e.InstanceId == instanceId && (activityNodeId is null || e.ActivityNodeId == activityNodeId))
                .OrderBy(e => e.StartedAt)
                .ToList());
        }
    }

    public Task<ActivityExecutionRecord?> FindActivityExecutionAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_executions.GetValueOrDefault(id));
        }
    }

    // Activity log ----------------------------------------------------------------------------------------------

    public Task<long> SequenceActivityLogAsync(int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Commits are serialized by the lock, so the list is in commit order and its first lines are the numbered ones.
            var until = (int)Math.Min(_activityLog.Count, (long)_activityLogSequenced + Math.Max(0, max));
            for (; _activityLogSequenced < until; _activityLogSequenced++)
            {
                _activityLog[_activityLogSequenced] = _activityLog[_activityLogSequenced] with { Sequence = _activityLogSequenced + 1 };
            }

            return Task.FromResult((long)_activityLogSequenced);
        }
    }

    public Task<IReadOnlyList<ActivityLogRecord>> ReadActivityLogAsync(long afterSequence, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var from = (int)Math.Clamp(afterSequence, 0, _activityLogSequenced);
            return Task.FromResult<IReadOnlyList<ActivityLogRecord>>(_activityLog.GetRange(from, Math.Min(Math.Max(0, max), _activityLogSequenced - from)));
        }
    }

    public Task<IReadOnlyList<ActivityLogRecord>> ListActivityLogAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ActivityLogRecord>>(_activityLog.Where(r => r.Event.InstanceId == instanceId).ToList());
        }
    }

    // Helpers (called under the lock) ----------------------------------------------------------------------------

    private static bool Contains(string? text, string term) =>
        text is not null && text.Contains(term, StringComparison.OrdinalIgnoreCase);

    private static bool IsReady(TaskRecord task, DateTimeOffset now) => task.State switch
    {
        TaskState.Pending => task.NotBefore <= now,
        TaskState.Running => task.LeaseExpiresAt <= now,
        _ => false,
    };

    private static void RemoveWhere<T>(Dictionary<string, T> map, Func<T, bool> predicate)
    {
        foreach (var key in map.Where(kv => predicate(kv.Value)).Select(kv => kv.Key).ToList())
        {
            map.Remove(key);
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

    private bool HasLiveLease(string instanceId, DateTimeOffset now) =>
        _leases.TryGetValue(instanceId, out var lease) && lease.ExpiresAt > now;

    private void AddWorkItems(IEnumerable<WorkItemRecord> workItems)
    {
        foreach (var item in workItems)
        {
            _workItems[item.Id] = new Sequenced<WorkItemRecord>(item, ++_sequence);
        }
    }

    private void RemoveBookmark(string bookmarkId)
    {
        // A removed bookmark takes its pending resumes (a timer's due item, a queued event) with it.
        _bookmarks.Remove(bookmarkId);
        RemoveWhere(_workItems, w => w.Value.BookmarkId == bookmarkId && w.Value.Kind == WorkItemKind.Resume);
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

    /// <summary>Inserts a task unless its key is taken, whatever that task's state (it is kept).</summary>
    private void InsertTask(TaskRecord task)
    {
        if (!_taskIdsByKey.ContainsKey(task.IdempotencyKey))
        {
            _tasks[task.Id] = new Sequenced<TaskRecord>(task, ++_sequence);
            _taskIdsByKey[task.IdempotencyKey] = task.Id;
        }
    }

    /// <summary>Operator retry: a finished task with this key is re-opened in place (same id), a live one kept, else inserted.</summary>
    private void ReopenOrInsertTask(TaskRecord task)
    {
        if (!_taskIdsByKey.TryGetValue(task.IdempotencyKey, out var existingId) || !_tasks.TryGetValue(existingId, out var existing))
        {
            InsertTask(task);
            return;
        }

        if (existing.Value.State is not (TaskState.Pending or TaskState.Running))
        {
            _tasks[existingId] = new Sequenced<TaskRecord>(task with { Id = existingId }, ++_sequence);
        }
    }

    private void InsertGroup(TaskFanOut fanOut, WorkItemRecord? completedWorkItem)
    {
        var group = fanOut.Group with { Total = fanOut.Items.Count, Succeeded = 0, Failed = 0 };
        var earlierGroups = _groups.Values
            .Where(g => g.InstanceId == group.InstanceId && g.ParentTaskId == group.ParentTaskId)
            .Select(g => g.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var item in fanOut.Items)
        {
            var inGroup = item with { GroupId = group.Id };
            if (_taskIdsByKey.TryGetValue(item.IdempotencyKey, out var existingId) && _tasks.TryGetValue(existingId, out var existing)
                && existing.Value.GroupId is { } earlierGroup && earlierGroups.Contains(earlierGroup))
            {
                if (existing.Value.State == TaskState.Completed)
                {
                    group = group with { Succeeded = group.Succeeded + 1 };
                }
                else if (existing.Value.State is TaskState.Pending or TaskState.Running)
                {
                    _tasks[existingId] = existing with { Value = existing.Value with { GroupId = group.Id } };
                }
                else
                {
                    ReopenOrInsertTask(inGroup);
                }

                continue;
            }

            InsertTask(inGroup);
        }

        _groups[group.Id] = group;
        if (group.Succeeded + group.Failed == group.Total && completedWorkItem is not null)
        {
            AddWorkItems([completedWorkItem]);
        }
    }

    public Task ReleasePermitAsync(string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ReleaseGrant(taskId, grantedAt, releasedAt);
            return Task.CompletedTask;
        }
    }

    /// <summary>Only this attempt's own grant: an earlier holder whose lease lapsed may still send until its hold ends.</summary>
    private void ReleaseGrant(string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt)
    {
        foreach (var grants in _grants.Values)
        {
            var own = grants.FindIndex(g => g.TaskId == taskId && g.GrantedAt == grantedAt && g.ReleasedAt is null);
            if (own >= 0)
            {
                grants[own] = grants[own] with { ReleasedAt = releasedAt };
                return;
            }
        }
    }

    private List<Grant> GrantsOf(string limitName, TimeSpan window, DateTimeOffset now)
    {
        if (!_grants.TryGetValue(limitName, out var grants))
        {
            _grants[limitName] = grants = [];
        }

        // Keep what the longest window asked so far still needs (ListGrantsAsync reads the same log).
        var keep = window > _longestWindow.GetValueOrDefault(limitName) ? window : _longestWindow[limitName];
        _longestWindow[limitName] = keep;
        grants.RemoveAll(g => g.CountsFrom <= now - keep - keep);
        return grants;
    }

    private sealed record Grant(string TaskId, DateTimeOffset GrantedAt, DateTimeOffset HeldUntil)
    {
        public DateTimeOffset? ReleasedAt { get; init; }

        /// <summary>When its window starts: the answer to its request, or while unanswered, the end of its hold.</summary>
        public DateTimeOffset CountsFrom => ReleasedAt ?? HeldUntil;
    }

    private readonly record struct Sequenced<T>(T Value, long Sequence);
}

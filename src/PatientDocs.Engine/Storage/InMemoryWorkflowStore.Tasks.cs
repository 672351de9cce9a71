using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
    public Task<ClaimResult> ClaimTasksAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = LockedNow(request.Clock, request.Now);
            var queues = new HashSet<string>(request.Queues, StringComparer.Ordinal);
            var candidates = _tasks.Values.Where(t => queues.Contains(t.Value.Queue)).ToList();
            var ready = candidates
                .Where(t => IsReady(t.Value, now))
                .OrderBy(t => t.Sequence)
                .Select(t => new ClaimCandidate(t.Value.Id, t.Value.Priority, t.Value.CreatedAt, t.Value.Weight, t.Value.Units))
                .ToList();

            List<Grant>? grants = request.Limit is { } limit ? GrantsOf(limit.Name, limit.Window, now) : null;
            List<Grant>? unitGrants = request.UnitLimit is { } unitLimit ? GrantsOf(unitLimit.Name, unitLimit.Window, now) : null;
            var units = unitGrants is null ? null : new UnitWindow(request.UnitLimit!, unitGrants.Select(g => new WeightedPermit(g.CountsFrom, g.Units)).ToList());
            var plan = ClaimPlanner.Plan(ready, grants?.Select(g => g.CountsFrom) ?? [], request.Limit, now, request.MaxTasks, request.WeightAvailable, units);
            var claimed = new List<TaskRecord>(plan.Claims.Count);
            foreach (var claim in plan.Claims)
            {
                if (claim.GrantedAt is { } at)
                {
                    grants?.Add(new Grant(claim.TaskId, at, claim.HeldUntil!.Value));
                    unitGrants?.Add(new Grant(claim.TaskId, at, claim.UnitsHeldUntil!.Value) { Units = _tasks[claim.TaskId].Value.Units });
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

    public async Task<bool> CompleteTaskAsync(TaskCompletion completion, CancellationToken cancellationToken = default) =>
        (await CompleteTaskAndLeaseAsync(completion with { LeaseInstanceFor = null }, cancellationToken).ConfigureAwait(false)).Recorded;

    public Task<TaskCompletionResult> CompleteTaskAndLeaseAsync(TaskCompletion completion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(completion.TaskId, out var entry)
                || entry.Value.State != TaskState.Running
                || entry.Value.LeaseOwner != completion.Owner)
            {
                return Task.FromResult(new TaskCompletionResult(false, null));
            }

            LeasedInstance? leased = null;

            var task = entry.Value;
            var attempts = task.Attempts + (completion.CountAttempt ? 1 : 0);
            var now = completion.Now;
            if (completion.Journal is { } record && _instances.ContainsKey(record.InstanceId))
            {
                AppendTaskJournal(record);
            }

            if (task.PermitGrantedAt is { } grantedAt)
            {
                ReleaseGrant(task.Id, grantedAt, completion.PermitReleasedAt ?? now);
                if (completion is { UnitLimit: { } unitLimit, UnitsUsed: { } used })
                {
                    CorrectUnits(unitLimit, task.Id, grantedAt, used);
                }
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
                        if (completion.LeaseInstanceFor is { } leaseFor)
                        {
                            leased = LeaseInstance(resume.InstanceId, completion.Owner, now, leaseFor);
                        }
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

            return Task.FromResult(new TaskCompletionResult(true, leased));
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

    public async Task<IReadOnlyDictionary<string, QueueBacklog>> PeekQueuesAsync(string owner, DateTimeOffset now, IReadOnlyCollection<string> queues, CancellationToken cancellationToken = default)
    {
        var summary = await SummarizeQueuesAsync(owner, now, cancellationToken).ConfigureAwait(false);
        return summary
            .Where(q => queues.Contains(q.Key))
            .ToDictionary(q => q.Key, q => q.Value with { Ready = Math.Min(1, q.Value.Ready) }, StringComparer.Ordinal);
    }

    private static bool IsReady(TaskRecord task, DateTimeOffset now) => task.State switch
    {
        TaskState.Pending => task.NotBefore <= now,
        TaskState.Running => task.LeaseExpiresAt <= now,
        _ => false,
    };

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
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Runtime.Events;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine.Runtime;

/// <summary>One burst of a leased instance and its commit: the stimulus from the work item, the interpreter's result turned into one store transaction, faults outside the interpreter, observers.</summary>
public sealed partial class InstanceWorker
{
    private async Task<InstanceRecord> RunBurstAsync(InstanceRecord instance, Definitions.WorkflowDefinition? definition, WorkItemRecord item, bool last, CancellationToken cancellationToken, Action<BurstResult>? committed = null)
    {
        using var span = EngineTracing.StartBurst(instance, item);
        var startedAt = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        if (definition is null)
        {
            return await CommitFaultAsync(instance, item, last, $"Definition version {instance.DefinitionVersionId} does not exist.", now, cancellationToken).ConfigureAwait(false);
        }

        BurstResult result;
        try
        {
            var stimulus = await ToStimulusAsync(instance, definition, item, cancellationToken).ConfigureAwait(false);
            if (stimulus is AlterStimulus { Alterations: var alterations } && alterations.OfType<Migrate>().FirstOrDefault() is { } migrate)
            {
                // The whole alteration burst runs on the target version; the burst refuses it if the instance waits somewhere it lacks.
                var target = await _store.FindDefinitionAsync(instance.DefinitionId, new VersionOptions(VersionSelector.SpecificVersion, migrate.TargetVersion), cancellationToken).ConfigureAwait(false);
                if (target is null)
                {
                    return await CommitIgnoredAsync(instance, item, last, $"Version {migrate.TargetVersion} of workflow definition '{instance.DefinitionId}' does not exist.", committed, null, cancellationToken).ConfigureAwait(false);
                }

                definition = target;
            }

            (definition, result) = await InterpretAsync(instance, definition, item, stimulus, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await CommitFaultAsync(instance, item, last, $"{ex.GetType().Name}: {ex.Message}", now, cancellationToken).ConfigureAwait(false);
        }

        if (result.Ignored)
        {
            return await CommitIgnoredAsync(instance, item, last, result.IgnoredReason, committed, result, cancellationToken).ConfigureAwait(false);
        }

        var prepared = await PrepareCommitAsync(instance, definition, item, last, result, now, span, startedAt, committed, cancellationToken).ConfigureAwait(false);
        await _store.CommitBurstAsync(prepared.Commit, cancellationToken).ConfigureAwait(false);
        await prepared.Committed().ConfigureAwait(false);
        return prepared.Commit.Instance;
    }

    /// <summary>
    /// The burst that resumes <paramref name="leased"/>, prepared for a task's completion to commit in its own transaction
    /// (<see cref="TaskCompletion.RunResumedBurst"/>). Null where the ordinary burst must run after a hand-over: a work item
    /// other than one plain resume, a missing definition, an interpreter that threw or a resume it ignores (those commit a
    /// fault or a no-op, which the ordinary burst does). Nothing here writes.
    /// </summary>
    internal async Task<PreparedBurst?> PrepareResumedBurstAsync(LeasedInstance leased, CancellationToken cancellationToken)
    {
        if (leased.WorkItems is not [{ Kind: WorkItemKind.Resume } item] || RuntimeJson.GroupIdOf(item.Payload) is not null)
        {
            return null;
        }

        var instance = leased.Instance;
        var span = EngineTracing.StartBurst(instance, item);
        PreparedBurst? prepared = null;
        try
        {
            var definition = await _definitions.FindAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false);
            if (definition is null)
            {
                return null;
            }

            var startedAt = _time.GetTimestamp();
            var now = _time.GetUtcNow();
            var stimulus = await ToStimulusAsync(instance, definition, item, cancellationToken).ConfigureAwait(false);
            var (expanded, result) = await InterpretAsync(instance, definition, item, stimulus, cancellationToken).ConfigureAwait(false);
            if (result.Ignored)
            {
                return null;
            }

            var ready = await PrepareCommitAsync(instance, expanded, item, last: true, result, now, span, startedAt, null, cancellationToken).ConfigureAwait(false);

            // The span ends once the commit is durable, with what follows it.
            prepared = ready with
            {
                Committed = async () =>
                {
                    await ready.Committed().ConfigureAwait(false);
                    span?.Dispose();
                },
            };
            return prepared;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogResumedBurstNotPrepared(_logger, ex, instance.Id);
            return null;
        }
        finally
        {
            if (prepared is null)
            {
                span?.Dispose();
            }
        }
    }

    /// <summary>Runs the interpreter on the definition with its workflow activities expanded; returns that definition and the result.</summary>
    private async Task<(Definitions.WorkflowDefinition Definition, BurstResult Result)> InterpretAsync(InstanceRecord instance, Definitions.WorkflowDefinition definition, WorkItemRecord item, Stimulus stimulus, CancellationToken cancellationToken)
    {
        definition = await _definitionActivities.ExpandAsync(definition, cancellationToken).ConfigureAwait(false);
        var state = item.Kind == WorkItemKind.Start && string.IsNullOrEmpty(instance.State) ? null : instance.State;
        var result = _interpreter.Run(instance.Id, definition, state, stimulus);
        if (await UnpublishedDispatchesAsync(result.Children, cancellationToken).ConfigureAwait(false) is { Count: > 0 } unpublished)
        {
            // Nothing is committed yet: the same burst again, this time faulting those dispatches as Elsa does.
            result = _interpreter.Run(instance.Id, definition, state, stimulus, unpublished);
        }

        return (definition, result);
    }

    /// <summary>
    /// The store transaction of a burst the interpreter ran: the instance's new state, its timers, tasks, children, events
    /// and journal; and what follows once it is committed (signals, metrics, observers).
    /// </summary>
    private async Task<PreparedBurst> PrepareCommitAsync(InstanceRecord instance, Definitions.WorkflowDefinition definition, WorkItemRecord item, bool last, BurstResult result, DateTimeOffset now, System.Diagnostics.Activity? span, long startedAt, Action<BurstResult>? committed, CancellationToken cancellationToken)
    {
        var finished = result.Status == WorkflowStatus.Finished;
        var altered = item.Kind == WorkItemKind.Alter;
        var updated = instance with
        {
            DefinitionVersionId = altered ? definition.Id : instance.DefinitionVersionId,
            Version = altered ? definition.Version : instance.Version,
            State = result.StateJson,
            Status = result.Status,
            SubStatus = result.SubStatus,
            IncidentCount = result.IncidentCount,
            CorrelationId = result.CorrelationId ?? instance.CorrelationId,
            UpdatedAt = now,
            FinishedAt = finished ? (altered ? result.FinishedAt : instance.FinishedAt) ?? now : null,
        };
        var timers = result.NewBookmarks
            .Where(b => b.Kind == BookmarkKind.Timer && b.DueAt is not null)
            .Select(b => new WorkItemRecord
            {
                Id = RuntimeIds.New(now),
                InstanceId = instance.Id,
                Kind = WorkItemKind.Resume,
                BookmarkId = b.Id,
                AvailableAt = b.DueAt!.Value,
                CreatedAt = now,
            })
            .ToList();
        var tasks = result.Tasks.Select(t => (t.Retry, Record: new TaskRecord
        {
            Id = RuntimeIds.New(now),
            Queue = t.Queue,
            Handler = t.Handler,
            InstanceId = instance.Id,
            ActivityId = t.ActivityId,
            IdempotencyKey = t.IdempotencyKey,
            BookmarkId = t.BookmarkId,
            Priority = t.Priority,
            Weight = t.Weight,
            Units = t.Units,
            State = TaskState.Pending,
            NotBefore = now,
            Deadline = now + _catalog.RetryPolicyFor(t.Queue).Deadline,
            Input = TaskTraceContext.Stamp(t.Input, span),
            CreatedAt = now,
        })).ToList();
        if (item.Kind == WorkItemKind.Start && !finished && WorkflowModel.For(definition).Timeout is { } timeout)
        {
            timers.Add(TimeoutItem(instance, timeout, now));
        }
        else if (result.Reopenings is { } reopenings && !finished && WorkflowModel.For(definition).Timeout is { } again)
        {
            // Re-opened by an alteration: the run that starts now gets a whole timeout of its own.
            timers.Add(TimeoutItem(instance, again, now) with { AvailableAt = now + again, Payload = $$"""{"reopenings":{{reopenings}}}""" });
        }

        var (children, childItems) = await StartChildrenAsync(instance, result.Children, now, cancellationToken).ConfigureAwait(false);
        timers.AddRange(childItems);
        var (bulkChildren, bulkItems) = await StartBulkAsync(instance, result.BulkStarts, now, cancellationToken).ConfigureAwait(false);
        children.AddRange(bulkChildren);
        timers.AddRange(bulkItems);
        foreach (var published in result.PublishedEvents)
        {
            var plan = await EventDelivery.PlanAsync(_store, published.EventName, published.CorrelationId, published.IsLocal ? instance.Id : null, published.Payload, now, cancellationToken).ConfigureAwait(false);
            children.AddRange(plan.Instances);
            timers.AddRange(plan.Items);
        }
        // A child that faults stays open for an operator retry (as every instance does), but its waiting parent faults now.
        if ((finished || result.SubStatus == WorkflowSubStatus.Faulted) && await ResumeParentAsync(updated, result.Output, null, now, cancellationToken).ConfigureAwait(false) is { } parentResume)
        {
            timers.Add(parentResume);

            // Reported once: a bulk parent counts this child now, and must not count it again after an operator retry.
            updated = updated with { ParentBookmarkId = null };
        }

        var cancelChildren = result.SubStatus == WorkflowSubStatus.Cancelled || item.Kind == WorkItemKind.Timeout;
        var commit = new BurstCommit
        {
            Instance = updated,
            Previous = instance,
            LeaseOwner = _options.NodeId,
            ConsumedWorkItemIds = [item.Id],
            RemovedBookmarkIds = result.RemovedBookmarkIds,
            NewBookmarks = result.NewBookmarks,
            NewWorkItems = timers,
            NewInstances = children,
            CancelChildren = cancelChildren,
            CancelTasksOfBookmarkIds = result.CancelledTaskBookmarkIds,
            CancelChildInstanceIds = result.CancelledChildInstanceIds,
            CancelChildrenOfBookmarkIds = result.CancelledBulkBookmarkIds,
            NewTasks = tasks.Where(t => !t.Retry).Select(t => t.Record).ToList(),
            RetriedTasks = tasks.Where(t => t.Retry).Select(t => t.Record).ToList(),
            CancelPendingTasks = finished,
            Journal = result.Journal,
            ActivityExecutions = result.ActivityExecutions,
            ActivityLog = result.ActivityLog,
            ReleaseLease = last,
            HttpResponse = result.HttpResponse,
        };
        return new PreparedBurst(commit, async () =>
        {
            committed?.Invoke(result);
            EngineTracing.EndBurst(span, result.SubStatus, tasks.Count);
            _metrics?.BurstCommitted(instance.DefinitionId, result.ActivityExecutions, _time.GetElapsedTime(startedAt));
            _metrics?.IncidentsRaised(instance.DefinitionId, result.IncidentCount - instance.IncidentCount);
            _signal.NotifyCommitted(instance.Id);
            if (tasks.Count > 0)
            {
                _signal.NotifyTaskWork();
            }

            // Work this commit gave instances (timers, children, their cancellations, a parent's resume) is found by the next
            // lease from the store, which the instance worker makes only when told there may be some.
            if (timers.Count > 0 || cancelChildren || result.CancelledChildInstanceIds.Count > 0 || result.CancelledBulkBookmarkIds.Count > 0)
            {
                _signal.NotifyInstanceWork();
            }

            await NotifyObserversAsync(result.ActivityLog).ConfigureAwait(false);
        });
    }

    private async Task<Stimulus> ToStimulusAsync(InstanceRecord instance, Definitions.WorkflowDefinition definition, WorkItemRecord item, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case WorkItemKind.Alter:
                var errors = new List<AlterationError>();
                var alterations = AlterationJson.Parse(RuntimeJson.Parse(item.Payload), "alterations", errors);

                // Written by the runner, so always readable; an unreadable one is refused by the burst, never a fault.
                return new AlterStimulus(errors.Count == 0 ? alterations : []);
            case WorkItemKind.Timeout:
                return new TimeoutStimulus(WorkflowModel.For(definition).Timeout, RuntimeJson.Parse(item.Payload)?["reopenings"]?.GetValue<int>() ?? 0);
            case WorkItemKind.Start:
                var start = StartPayload.Parse(item.Payload);
                return new StartStimulus(start.Input, instance.CorrelationId, start.TriggerActivityId, start.TaskQueue);
            case WorkItemKind.Cancel:
                return new CancelStimulus();
            case WorkItemKind.Retry:
                return new RetryStimulus();
            default:
                var bookmarkId = item.BookmarkId ?? "";
                if (RuntimeJson.GroupIdOf(item.Payload) is { } groupId)
                {
                    var payload = await CompleteGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
                    return new ResumeStimulus(bookmarkId, JsonNode.Parse(RuntimeJson.Serialize(payload)));
                }

                return new ResumeStimulus(bookmarkId, RuntimeJson.Parse(item.Payload));
        }
    }

    private async Task<InstanceRecord> CommitIgnoredAsync(InstanceRecord instance, WorkItemRecord item, bool last, string? reason, Action<BurstResult>? committed, BurstResult? result, CancellationToken cancellationToken)
    {
        LogNoOp(_logger, item.Id, instance.Id, reason);
        await _store.CommitBurstAsync(
            new BurstCommit { Instance = instance, Previous = instance, LeaseOwner = _options.NodeId, ConsumedWorkItemIds = [item.Id], ReleaseLease = last },
            cancellationToken).ConfigureAwait(false);
        committed?.Invoke(result ?? new BurstResult
        {
            StateJson = instance.State,
            Status = instance.Status,
            SubStatus = instance.SubStatus,
            Ignored = true,
            IgnoredReason = reason,
            AlterationLog = item.Kind == WorkItemKind.Alter ? [reason ?? ""] : null,
        });
        return instance;
    }

    /// <summary>The workflow-level timeout: a durable work item due at the instance's start plus the definition's timeout.</summary>
    private static WorkItemRecord TimeoutItem(InstanceRecord instance, TimeSpan timeout, DateTimeOffset now) => new()
    {
        Id = RuntimeIds.New(now),
        InstanceId = instance.Id,
        Kind = WorkItemKind.Timeout,
        AvailableAt = instance.CreatedAt + timeout,
        CreatedAt = now,
    };

    /// <summary>Hands a finished fan-out back to its activity, rebuilt with the inputs and outputs it had when it fanned out.</summary>
    private async Task<TaskResumePayload> CompleteGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        var group = await _store.FindTaskGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return new TaskResumePayload { Succeeded = false, Error = $"Task group {groupId} no longer exists." };
        }

        var state = JsonNode.Parse(group.ActivityState) as JsonObject ?? [];
        var handler = state["handler"]?.GetValue<string>() ?? "";
        var activity = _registry.CreateTaskActivity(handler, state["input"] as JsonObject ?? []);
        if (state["outputs"] is JsonObject outputs && _registry.Find(handler) is { } type)
        {
            foreach (var output in type.Outputs)
            {
                if (outputs.TryGetPropertyValue(output.JsonName, out var value))
                {
                    output.Property.SetValue(activity, ValueConverter.ToClr(value, output.Property.PropertyType));
                }
            }
        }

        var outcome = activity.OnGroupCompleted(new TaskGroupResult(group.Total, group.Succeeded, group.Failed, group.FirstError));
        return outcome switch
        {
            CompletedOutcome completed => new TaskResumePayload { Succeeded = true, Outputs = _registry.ReadOutputs(activity), Port = completed.Port },
            PermanentOutcome permanent => new TaskResumePayload { Succeeded = false, Error = permanent.Message },
            TransientOutcome transient => new TaskResumePayload { Succeeded = false, Error = transient.Message },
            _ => new TaskResumePayload { Succeeded = false, Error = $"OnGroupCompleted returned {outcome.GetType().Name}, which a finished group cannot do." },
        };
    }

    private async Task<InstanceRecord> CommitFaultAsync(InstanceRecord instance, WorkItemRecord item, bool last, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogFaultedOutsideInterpreter(_logger, instance.Id, message);
        var faulted = instance with
        {
            Status = WorkflowStatus.Finished,
            SubStatus = WorkflowSubStatus.Faulted,
            IncidentCount = instance.IncidentCount + 1,
            UpdatedAt = now,
            FinishedAt = now,
        };
        var parentResume = await ResumeParentAsync(faulted, [], message, now, cancellationToken).ConfigureAwait(false);
        faulted = parentResume is null ? faulted : faulted with { ParentBookmarkId = null };
        var journal = new JournalRecord
        {
            Id = RuntimeIds.New(now),
            InstanceId = instance.Id,
            ActivityId = instance.DefinitionId,
            ActivityType = "Workflow",
            NodeId = instance.DefinitionId,
            Timestamp = now,
            EventName = "Faulted",
            Message = message,
            Source = "Runtime",
        };
        await _store.CommitBurstAsync(
            new BurstCommit
            {
                Instance = faulted,
                Previous = instance,
                LeaseOwner = _options.NodeId,
                ConsumedWorkItemIds = [item.Id],
                CancelPendingTasks = true,
                NewWorkItems = parentResume is null ? [] : [parentResume],
                Journal = [journal],
                ReleaseLease = last,
            },
            cancellationToken).ConfigureAwait(false);
        _metrics?.IncidentsRaised(instance.DefinitionId, 1);
        _signal.NotifyCommitted(instance.Id);
        if (parentResume is not null)
        {
            _signal.NotifyInstanceWork();
        }

        return faulted;
    }

    private async Task NotifyObserversAsync(IReadOnlyList<ActivityEvent> events)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        foreach (var activityEvent in events)
        {
            // Observers hear of task activities from the task worker, attempt by attempt.
            if (_registry.Find(activityEvent.ActivityType)?.IsTask != true)
            {
                await NotifyAsync(activityEvent).ConfigureAwait(false);
            }
        }
    }

    private async Task NotifyAsync(ActivityEvent activityEvent)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnActivityEventAsync(activityEvent, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogObserverFailed(_logger, ex, observer.GetType().Name, activityEvent.Phase, activityEvent.ActivityId);
            }
        }
    }
}

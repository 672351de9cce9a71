using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Leases runnable instances, runs one burst per work item through the interpreter and commits each burst atomically under
/// the lease. A lost lease means another node has the instance: its burst is dropped without a trace. Hosted as a loop that
/// wakes on local signals, at the next due work item, or at the poll interval; tests call <see cref="RunOnceAsync"/>.
/// </summary>
public sealed partial class InstanceWorker : BackgroundService
{
    private readonly IWorkflowStore _store;
    private readonly WorkflowInterpreter _interpreter;
    private readonly ActivityRegistry _registry;
    private readonly TaskQueueCatalog _catalog;
    private readonly List<IActivityObserver> _observers;
    private readonly WorkSignal _signal;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private DateTimeOffset _nextHeartbeat;

    public InstanceWorker(
        IWorkflowStore store,
        WorkflowInterpreter interpreter,
        ActivityRegistry registry,
        TaskQueueCatalog catalog,
        IEnumerable<IActivityObserver> observers,
        WorkSignal signal,
        TimeProvider time,
        IOptions<RuntimeOptions> options,
        ILogger<InstanceWorker>? logger = null)
    {
        _store = store;
        _interpreter = interpreter;
        _registry = registry;
        _catalog = catalog;
        _observers = observers.ToList();
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _nextHeartbeat = time.GetUtcNow() + _options.HeartbeatInterval;
    }

    /// <summary>Leases one batch of runnable instances and runs them to their next wait; returns how many it leased.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var leased = await _store.LeaseRunnableInstancesAsync(_options.NodeId, now, _options.LeaseDuration, _options.InstanceLeaseBatch, cancellationToken).ConfigureAwait(false);
        if (leased.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(
            leased,
            new ParallelOptions { MaxDegreeOfParallelism = _options.InstanceConcurrency, CancellationToken = cancellationToken },
            async (instance, ct) => await ProcessAsync(instance, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return leased.Count;
    }

    /// <summary>Runs until no instance is runnable at the current time (tests: after advancing the clock).</summary>
    public async Task<int> RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        int count;
        while ((count = await RunOnceAsync(cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += count;
        }

        return total;
    }

    /// <summary>Renews the leases of instances whose bursts are running.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        _nextHeartbeat = now + _options.HeartbeatInterval;
        var ids = _held.Keys.ToList();
        if (ids.Count > 0)
        {
            await _store.RenewLeasesAsync(_options.NodeId, ids, now, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the leased instance's work items in order, one committed burst each; returns the last committed record.</summary>
    internal async Task<InstanceRecord?> ProcessAsync(LeasedInstance leased, CancellationToken cancellationToken)
    {
        var instance = leased.Instance;
        _held[instance.Id] = 0;
        try
        {
            if (leased.WorkItems.Count == 0)
            {
                await _store.CommitBurstAsync(new BurstCommit { Instance = instance, LeaseOwner = _options.NodeId }, cancellationToken).ConfigureAwait(false);
                return instance;
            }

            var definition = await _store.FindDefinitionVersionAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < leased.WorkItems.Count; i++)
            {
                var item = leased.WorkItems[i];
                var last = i == leased.WorkItems.Count - 1;
                instance = await RunBurstAsync(instance, definition, item, last, cancellationToken).ConfigureAwait(false);
            }

            return instance;
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(_logger, instance.Id);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            // The lease expires and the uncommitted work items run again on some node.
            LogBurstFailed(_logger, ex, instance.Id);
            return null;
        }
        finally
        {
            _held.TryRemove(instance.Id, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = _signal.InstanceWork;
            var leased = 0;
            DateTimeOffset? next = null;
            try
            {
                if (_time.GetUtcNow() >= _nextHeartbeat)
                {
                    await HeartbeatAsync(stoppingToken).ConfigureAwait(false);
                }

                leased = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                next = await _store.NextWorkItemAtAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogPassFailed(_logger, ex);
            }

            if (leased >= _options.InstanceLeaseBatch)
            {
                continue;
            }

            var until = _time.GetUtcNow() + _options.PollInterval;
            if (next is { } due && due < until)
            {
                until = due;
            }

            try
            {
                await WorkSignal.WaitAsync(wake, until, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<InstanceRecord> RunBurstAsync(InstanceRecord instance, Definitions.WorkflowDefinition? definition, WorkItemRecord item, bool last, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (definition is null)
        {
            return await CommitFaultAsync(instance, item, last, $"Definition version {instance.DefinitionVersionId} does not exist.", now, cancellationToken).ConfigureAwait(false);
        }

        BurstResult result;
        try
        {
            var stimulus = await ToStimulusAsync(instance, item, cancellationToken).ConfigureAwait(false);
            var state = item.Kind == WorkItemKind.Start && string.IsNullOrEmpty(instance.State) ? null : instance.State;
            result = _interpreter.Run(instance.Id, definition, state, stimulus);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await CommitFaultAsync(instance, item, last, $"{ex.GetType().Name}: {ex.Message}", now, cancellationToken).ConfigureAwait(false);
        }

        if (result.Ignored)
        {
            LogNoOp(_logger, item.Id, instance.Id, result.IgnoredReason);
            await _store.CommitBurstAsync(
                new BurstCommit { Instance = instance, LeaseOwner = _options.NodeId, ConsumedWorkItemIds = [item.Id], ReleaseLease = last },
                cancellationToken).ConfigureAwait(false);
            return instance;
        }

        var finished = result.Status == WorkflowStatus.Finished;
        var updated = instance with
        {
            State = result.StateJson,
            Status = result.Status,
            SubStatus = result.SubStatus,
            IncidentCount = result.IncidentCount,
            CorrelationId = result.CorrelationId ?? instance.CorrelationId,
            UpdatedAt = now,
            FinishedAt = finished ? instance.FinishedAt ?? now : null,
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
            State = TaskState.Pending,
            NotBefore = now,
            Deadline = now + _catalog.RetryPolicyFor(t.Queue).Deadline,
            Input = t.Input.ToJsonString(),
            CreatedAt = now,
        })).ToList();
        await _store.CommitBurstAsync(
            new BurstCommit
            {
                Instance = updated,
                LeaseOwner = _options.NodeId,
                ConsumedWorkItemIds = [item.Id],
                RemovedBookmarkIds = result.RemovedBookmarkIds,
                NewBookmarks = result.NewBookmarks,
                NewWorkItems = timers,
                NewTasks = tasks.Where(t => !t.Retry).Select(t => t.Record).ToList(),
                RetriedTasks = tasks.Where(t => t.Retry).Select(t => t.Record).ToList(),
                CancelPendingTasks = finished,
                Journal = result.Journal,
                ActivityExecutions = result.ActivityExecutions,
                ActivityLog = result.ActivityLog,
                ReleaseLease = last,
            },
            cancellationToken).ConfigureAwait(false);

        if (tasks.Count > 0)
        {
            _signal.NotifyTaskWork();
        }

        await NotifyObserversAsync(result.ActivityLog).ConfigureAwait(false);
        return updated;
    }

    private async Task<Stimulus> ToStimulusAsync(InstanceRecord instance, WorkItemRecord item, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case WorkItemKind.Start:
                var start = StartPayload.Parse(item.Payload);
                return new StartStimulus(start.Input, instance.CorrelationId, start.TriggerActivityId);
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
                LeaseOwner = _options.NodeId,
                ConsumedWorkItemIds = [item.Id],
                CancelPendingTasks = true,
                Journal = [journal],
                ReleaseLease = last,
            },
            cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease on instance {InstanceId} lost; another node continues it")]
    private static partial void LogLeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Burst of instance {InstanceId} failed before it committed")]
    private static partial void LogBurstFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Instance worker pass failed; retrying after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Work item {WorkItemId} of instance {InstanceId} was a no-op: {Reason}")]
    private static partial void LogNoOp(ILogger logger, string workItemId, string instanceId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Instance {InstanceId} faulted outside the interpreter: {Message}")]
    private static partial void LogFaultedOutsideInterpreter(ILogger logger, string instanceId, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity observer {Observer} failed on {Phase} of {ActivityId}")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, object phase, string activityId);
}

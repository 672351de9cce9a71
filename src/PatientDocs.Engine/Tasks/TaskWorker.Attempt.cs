using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine.Tasks;

/// <summary>One attempt of a claimed task: wait for its permit, call the activity, release the permit at the answer, resolve it in the store.</summary>
public sealed partial class TaskWorker
{
    private void Start(TaskRecord task, ResolvedQueue queue, QueueGroup group, int backlog, CircuitBreaker breaker)
    {
        // Taken now, not in the attempt, so that the claim loop's next look at this node's capacity already counts it.
        var held = _capacity.TryTake(queue, task.Weight);

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight[task.Id] = new RunningTask(cancellation, completion.Task);
        _ = Task.Run(async () =>
        {
            try
            {
                // Only other code on this node drawing on the same slots or budget since the claim makes this wait.
                held ??= await _capacity.TakeAsync(queue, task.Weight, cancellation.Token).ConfigureAwait(false);
                await RunAsync(task, queue, group, backlog, breaker, cancellation.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogResolveFailed(_logger, ex, task.Id, task.Queue);
                breaker.RecordInconclusive();
            }
            finally
            {
                held?.Dispose();
                _inFlight.TryRemove(task.Id, out _);
                cancellation.Dispose();
                completion.TrySetResult();
                if (group.Limit is not null || group.UnitLimit is not null)
                {
                    // The completion released the permit if the handler did not: the window may have room again.
                    Interlocked.Increment(ref _permitsReleased);
                }

                _signal.NotifyTaskWork();
            }
        });
    }

    private async Task RunAsync(TaskRecord task, ResolvedQueue queue, QueueGroup group, int backlog, CircuitBreaker breaker, CancellationToken cancellationToken)
    {
        using var span = EngineTracing.StartTaskAttempt(task);
        var startedAt = _time.GetTimestamp();
        var scope = _services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new TaskContext
            {
                TaskId = task.Id,
                IdempotencyKey = task.IdempotencyKey,
                InstanceId = task.InstanceId,
                ActivityId = task.ActivityId,
                Attempt = task.Attempts + 1,
                Queue = task.Queue,
                QueueBacklog = backlog,
                PermitGrantedAt = task.PermitGrantedAt,
                PermitHeldUntil = group.Hold is { } hold ? task.PermitGrantedAt + hold : null,
                OnPermitReleased = task.PermitGrantedAt is { } grantedAt ? at => _ = ReleasePermitAsync(task, grantedAt, at) : null,
                Services = scope.ServiceProvider,
                Time = _time,
                TimeScale = _options.TimeScale,
            };
            await NotifyAsync("Started", task, null).ConfigureAwait(false);

            TaskActivity? activity = null;
            TaskOutcome outcome;
            try
            {
                var input = JsonNode.Parse(task.Input) as JsonObject ?? [];
                if (group.UnitLimit is { } unitLimit && task.Units > unitLimit.Permits)
                {
                    // Claimed without a grant: it could never fit the window, so it fails now instead of waiting forever.
                    outcome = TaskOutcome.Permanent($"The task's estimate of {task.Units} units exceeds the whole limit {unitLimit.Name} of {unitLimit.Permits} units per window; it can never be granted.");
                }
                else if (task.GroupId is null)
                {
                    var created = _registry.CreateTaskActivity(task.Handler, input);
                    activity = created;
                    var timeout = created.StartToCloseTimeout / _options.TimeScale ?? queue.StartToCloseTimeout;
                    await WaitForPermitAsync(task.PermitGrantedAt, cancellationToken).ConfigureAwait(false);
                    outcome = await RunWithTimeoutAsync(task, timeout, token => created.RunAsync(context, token), cancellationToken, created.TimeoutPort).ConfigureAwait(false);
                }
                else
                {
                    var handler = _itemHandlers.GetValueOrDefault(task.Queue)
                        ?? throw new InvalidOperationException($"No task item handler is registered for queue '{task.Queue}'.");
                    await WaitForPermitAsync(task.PermitGrantedAt, cancellationToken).ConfigureAwait(false);
                    outcome = await RunWithTimeoutAsync(task, queue.StartToCloseTimeout, token => handler.RunAsync(context, input, token), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutdown or a lost lease: hand the task back without counting the attempt.
                outcome = TaskOutcome.Requeue();
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                outcome = TaskOutcome.Transient($"{ex.GetType().Name}: {ex.Message}");
            }
            catch (Exception ex)
            {
                outcome = TaskOutcome.Permanent($"{ex.GetType().Name}: {ex.Message}");
            }

            var completion = await ResolveAsync(task, outcome, activity, cancellationToken).ConfigureAwait(false);
            completion = completion with
            {
                PermitReleasedAt = context.PermitReleasedAt,
                UnitLimit = group.UnitLimit?.Name,
                UnitsUsed = group.UnitLimit is null ? null : outcome.UnitsUsed,
            };
            if (_instances is not null)
            {
                // A task of a rate-limited queue holds one of its few slots until its completion is recorded, so its burst
                // runs after the hand-over, not in the completion.
                var inCompletion = _options.ResumeInCompletion && group.Limit is null && group.UnitLimit is null;
                completion = completion with
                {
                    LeaseInstanceFor = _options.LeaseDuration,
                    RunResumedBurst = inCompletion ? _instances.PrepareResumedBurstAsync : null,
                };
            }

            TaskCompletionResult completed;
            try
            {
                completed = await _store.CompleteTaskAndLeaseAsync(completion, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (completion.RunResumedBurst is not null)
            {
                // Nothing of the transaction was written. A burst that cannot commit (a statement of its own refused) must
                // not take the task's completion with it, or the task would run again and fail the same way: the completion
                // goes alone, and the burst runs after the hand-over, where a failure is the burst's alone.
                LogResumedBurstFailed(_logger, ex, task.Id);
                completed = await _store.CompleteTaskAndLeaseAsync(completion with { RunResumedBurst = null }, CancellationToken.None).ConfigureAwait(false);
            }

            var (recorded, leased) = completed;
            if (leased is not null)
            {
                _instances!.Accept(leased);
            }

            if (completed.Burst is { } burst)
            {
                await burst.Committed().ConfigureAwait(false);
            }

            RecordAttempt(span, task, outcome, completion, startedAt);
            if (!recorded)
            {
                // Cancelled with its instance, or the lease passed to another node: nothing of ours to record.
                breaker.RecordInconclusive();
                return;
            }

            switch (outcome)
            {
                case TransientOutcome:
                    breaker.RecordTransientFailure(_time.GetUtcNow());
                    break;
                case RequeueOutcome:
                    breaker.RecordInconclusive();
                    break;
                default:
                    breaker.RecordSuccess();
                    break;
            }

            // A resume that was handed over or committed with its burst leaves the store nothing to find: waking the
            // instance worker for it cost a lease pass and a read of the next due time per task.
            if ((completion.ResumeWorkItem is not null || completion.GroupCompletedWorkItem is not null) && leased is null && completed.Burst is null)
            {
                _signal.NotifyInstanceWork();
            }

            if (completion.Resolution is TaskResolution.Rescheduled or TaskResolution.FannedOut)
            {
                _signal.NotifyTaskWork();
            }

            if (completion.Journal is not null)
            {
                _signal.NotifyJournal();
            }

            var (phase, result) = outcome switch
            {
                TransientOutcome or PermanentOutcome => ("Faulted", new JsonObject { ["error"] = completion.Error }.ToJsonString()),
                _ => ("Completed", completion.Result ?? new JsonObject { ["outcome"] = outcome.GetType().Name.Replace("Outcome", "", StringComparison.Ordinal) }.ToJsonString()),
            };
            await NotifyAsync(phase, task, result).ConfigureAwait(false);
        }
    }

    private void RecordAttempt(System.Diagnostics.Activity? span, TaskRecord task, TaskOutcome outcome, TaskCompletion completion, long startedAt)
    {
        var name = outcome switch
        {
            CompletedOutcome => "completed",
            TransientOutcome => "transient",
            PermanentOutcome => "permanent",
            FanOutOutcome => "fanned_out",
            RunAgainOutcome => "run_again",
            _ => "requeued",
        };
        EngineTracing.EndTaskAttempt(span, name, outcome is TransientOutcome or PermanentOutcome ? completion.Error : null);
        if (_metrics is not null)
        {
            _metrics.PermitReleased(task.Id, task.PermitGrantedAt, completion.PermitReleasedAt ?? completion.Now);
            _metrics.TaskAttempted(task, name, _time.GetElapsedTime(startedAt), retried: outcome is TransientOutcome && completion.Resolution == TaskResolution.Rescheduled);
        }
    }

    /// <summary>Best effort: if this write fails, the task's completion releases the permit with the same time.</summary>
    private async Task ReleasePermitAsync(TaskRecord task, DateTimeOffset grantedAt, DateTimeOffset releasedAt)
    {
        _metrics?.PermitReleased(task.Id, grantedAt, releasedAt);
        try
        {
            await _store.ReleasePermitAsync(task.Id, grantedAt, releasedAt, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _permitsReleased);
            _signal.NotifyTaskWork();
        }
        catch (Exception ex)
        {
            LogEarlyReleaseFailed(_logger, ex, task.Id);
        }
    }

    /// <summary>A task claimed ahead of its permit starts only once the permit takes effect, so no request leaves early.</summary>
    private async Task WaitForPermitAsync(DateTimeOffset? grantedAt, CancellationToken cancellationToken)
    {
        if (grantedAt is { } at)
        {
            await WorkSignal.DelayUntilAsync(at, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TaskCompletion> ResolveAsync(TaskRecord task, TaskOutcome outcome, TaskActivity? activity, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var completion = new TaskCompletion { TaskId = task.Id, Owner = _options.NodeId, Resolution = TaskResolution.Completed, Now = now };
        switch (outcome)
        {
            case CompletedOutcome completed:
                var payload = RuntimeJson.Serialize(new TaskResumePayload
                {
                    Succeeded = true,
                    Outputs = activity is null ? null : _registry.ReadOutputs(activity),
                    Port = completed.Port,
                    Ports = completed.Ports,
                });
                return await WithResumeAsync(completion with { Result = payload }, task, payload, cancellationToken).ConfigureAwait(false);

            case PermanentOutcome permanent:
                return await FailAsync(completion, task, permanent.Message, permanent.FailurePort, cancellationToken).ConfigureAwait(false);

            case TransientOutcome transient:
                var policy = _catalog.RetryPolicyFor(task.Queue);
                var delay = policy.NextDelay(task.Attempts + 1, transient.RetryAfter, Random());
                if (task.Deadline is { } deadline && now + delay > deadline)
                {
                    var message = $"Gave up after {task.Attempts + 1} attempts at the retry deadline: {transient.Message}";
                    return await FailAsync(completion, task, message, transient.FailurePort, cancellationToken).ConfigureAwait(false);
                }

                return completion with
                {
                    Resolution = TaskResolution.Rescheduled,
                    NotBefore = now + delay,
                    Error = transient.Message,
                    Journal = RetryingRecord(task, transient.Message, now, now + delay),
                };

            case RunAgainOutcome runAgain:
                return completion with { Resolution = TaskResolution.Rescheduled, NotBefore = now + runAgain.Delay, CountAttempt = false };

            case RequeueOutcome:
                return completion with { Resolution = TaskResolution.Rescheduled, NotBefore = now, CountAttempt = false };

            case FanOutOutcome fanOut:
                var group = BuildFanOut(task, fanOut, activity, now);
                return completion with
                {
                    Resolution = TaskResolution.FannedOut,
                    FanOut = group,
                    GroupCompletedWorkItem = GroupWorkItem(task.InstanceId, group.Group.BookmarkId, group.Group.Id, now),
                };

            default:
                throw new InvalidOperationException($"Unknown task outcome {outcome.GetType().Name}.");
        }
    }

    private async Task<TaskCompletion> FailAsync(TaskCompletion completion, TaskRecord task, string error, string? failurePort, CancellationToken cancellationToken)
    {
        var payload = RuntimeJson.Serialize(new TaskResumePayload { Succeeded = false, Error = error, FailurePort = failurePort });
        return await WithResumeAsync(completion with { Resolution = TaskResolution.Failed, Error = error }, task, payload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskCompletion> WithResumeAsync(TaskCompletion completion, TaskRecord task, string payload, CancellationToken cancellationToken)
    {
        if (task.GroupId is { } groupId)
        {
            var bookmarkId = await GroupBookmarkAsync(groupId, cancellationToken).ConfigureAwait(false);
            return completion with { GroupCompletedWorkItem = GroupWorkItem(task.InstanceId, bookmarkId, groupId, completion.Now) };
        }

        return task.BookmarkId is null
            ? completion
            : completion with
            {
                ResumeWorkItem = new WorkItemRecord
                {
                    Id = RuntimeIds.New(completion.Now),
                    InstanceId = task.InstanceId,
                    Kind = WorkItemKind.Resume,
                    BookmarkId = task.BookmarkId,
                    Payload = payload,
                    AvailableAt = completion.Now,
                    CreatedAt = completion.Now,
                },
            };
    }


    private async Task NotifyAsync(string phase, TaskRecord task, string? result)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        var activityEvent = new ActivityEvent(phase, _time.GetUtcNow(), task.InstanceId, task.ActivityId, task.Handler, null, TaskTraceContext.Without(task.Input), result);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnActivityEventAsync(activityEvent, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogObserverFailed(_logger, ex, observer.GetType().Name, phase, task.Id);
            }
        }
    }

    /// <summary>The journal's record of a counted retry of the task's activity, or of one item of its fan-out (the item named in the payload).</summary>
    private static JournalRecord RetryingRecord(TaskRecord task, string message, DateTimeOffset now, DateTimeOffset nextAttemptAt) => new()
    {
        Id = RuntimeIds.New(now),
        InstanceId = task.InstanceId,
        ActivityId = task.ActivityId,

        // An item's handler is not the activity's type: the store takes the activity's from its latest record.
        ActivityType = task.GroupId is null ? task.Handler : "",
        NodeId = "",
        Timestamp = now,
        EventName = JournalEvents.Retrying,
        Message = message,
        Source = "TaskWorker",
        Payload = (task.GroupId is null
            ? new JsonObject { ["attempt"] = task.Attempts + 1, ["nextAttemptAt"] = nextAttemptAt }
            : new JsonObject { ["attempt"] = task.Attempts + 1, ["nextAttemptAt"] = nextAttemptAt, ["itemKey"] = task.IdempotencyKey }).ToJsonString(),
    };
}

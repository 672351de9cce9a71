using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Telemetry;

/// <summary>What the workers record as things happen.</summary>
public sealed partial class EngineMetrics
{
    /// <summary>The task worker's latest per-queue summary: the queue-depth gauge reports it, so a scrape adds no query.</summary>
    public void ObserveBacklog(IReadOnlyDictionary<string, QueueBacklog> backlog) => Volatile.Write(ref _backlog, backlog);

    /// <summary>A task left its queue: its wait (from ready to claim, or to its permit when claimed ahead of it) and its permit.</summary>
    public void TaskClaimed(TaskRecord task, ResolvedLimit? limit, DateTimeOffset claimedAt)
    {
        var left = task.PermitGrantedAt is { } granted && granted > claimedAt ? granted : claimedAt;
        if (_queueWait.Enabled)
        {
            var wait = left - task.NotBefore;
            _queueWait.Record(wait > TimeSpan.Zero ? wait.TotalSeconds : 0, new KeyValuePair<string, object?>("queue", task.Queue));
        }

        if (limit is not null && task.PermitGrantedAt is { } grantedAt && _permitsUsed.Enabled)
        {
            _permits.Granted(limit.Name, task.Id, grantedAt, grantedAt + limit.Hold, limit.Window);
        }
    }

    /// <summary>The answer to an attempt's request came (or the attempt ended): its permit counts one window from now on.</summary>
    public void PermitReleased(string taskId, DateTimeOffset? grantedAt, DateTimeOffset releasedAt)
    {
        if (grantedAt is { } at && _permitsUsed.Enabled)
        {
            _permits.Released(taskId, at, releasedAt);
        }
    }

    /// <param name="outcome">completed, transient, permanent, fanned_out, run_again, requeued.</param>
    /// <param name="retried">The attempt failed transiently and the task was rescheduled.</param>
    public void TaskAttempted(TaskRecord task, string outcome, TimeSpan elapsed, bool retried)
    {
        if (_attemptDuration.Enabled)
        {
            _attemptDuration.Record(
                elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("queue", task.Queue),
                new KeyValuePair<string, object?>("activity_type", task.Handler),
                new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (retried && _retries.Enabled)
        {
            _retries.Add(1, new KeyValuePair<string, object?>("queue", task.Queue), new KeyValuePair<string, object?>("activity_type", task.Handler));
        }
    }

    /// <summary>A burst committed: its duration and the activity executions that ended in it.</summary>
    public void BurstCommitted(string definitionId, IReadOnlyList<ActivityExecutionRecord> executions, TimeSpan elapsed)
    {
        if (_burstDuration.Enabled)
        {
            _burstDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("workflow_definition", definitionId));
        }

        if (_activityDuration.Enabled)
        {
            foreach (var execution in executions)
            {
                if (execution is { Status: not ActivityExecutionStatus.Running, CompletedAt: { } completedAt })
                {
                    var duration = completedAt - execution.StartedAt;
                    _activityDuration.Record(
                        duration > TimeSpan.Zero ? duration.TotalSeconds : 0,
                        new KeyValuePair<string, object?>("activity_type", execution.ActivityType),
                        new KeyValuePair<string, object?>("status", execution.Status.ToString()));
                }
            }
        }
    }

    /// <summary>A commit raised incidents on an instance of <paramref name="definitionId"/>.</summary>
    public void IncidentsRaised(string definitionId, int count)
    {
        if (count > 0 && _incidents.Enabled)
        {
            _incidents.Add(count, new KeyValuePair<string, object?>("workflow_definition", definitionId));
        }
    }
}

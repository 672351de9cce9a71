namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
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
}

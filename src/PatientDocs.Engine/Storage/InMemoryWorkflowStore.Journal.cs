namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
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
}

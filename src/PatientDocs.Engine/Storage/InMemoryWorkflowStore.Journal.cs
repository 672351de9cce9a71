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

            if (filter.ExcludedEventNames is { Count: > 0 } excludedNames)
            {
                records = records.Where(r => !excludedNames.Contains(r.EventName));
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

    public Task<IReadOnlyList<JournalRecord>> ReadInstanceJournalAsync(string instanceId, long afterPosition, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<JournalRecord> records = _journal.TryGetValue(instanceId, out var journal)
                ? journal.Where(r => r.Position > afterPosition).Take(max).ToList()
                : [];
            return Task.FromResult(records);
        }
    }

    public Task<IReadOnlyList<JournalFeedEntry>> ReadJournalFeedAsync(long afterPosition, string? definitionId, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var start = _journalFeed.BinarySearch(new JournalRecord { Id = "", InstanceId = "", ActivityId = "", ActivityType = "", NodeId = "", EventName = "", Timestamp = default, Position = afterPosition + 1 }, ByPosition.Instance);
            var entries = new List<JournalFeedEntry>();
            for (var i = start < 0 ? ~start : start; i < _journalFeed.Count && entries.Count < max; i++)
            {
                var record = _journalFeed[i];
                var definition = _instances.GetValueOrDefault(record.InstanceId)?.DefinitionId ?? "";
                if (definitionId is null || definition == definitionId)
                {
                    entries.Add(new JournalFeedEntry(record, definition));
                }
            }

            return Task.FromResult<IReadOnlyList<JournalFeedEntry>>(entries);
        }
    }

    // Records are numbered and stored under one lock, so they appear in position order: the head is always stable.
    public Task<JournalMark> MarkJournalAsync(IReadOnlyList<long> openTransactions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new JournalMark(_journalPosition, [], []));
        }
    }

    public Task<long> GetJournalHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_journalPosition);
        }
    }

    /// <summary>Numbers the records with the next positions and stores them (called under the lock).</summary>
    private void AppendJournal(string instanceId, IReadOnlyList<JournalRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        if (!_journal.TryGetValue(instanceId, out var journal))
        {
            _journal[instanceId] = journal = [];
        }

        foreach (var record in records)
        {
            var stored = record with { Position = ++_journalPosition };
            journal.Add(stored);
            _journalFeed.Add(stored);
        }
    }

    /// <summary>A task's journal record takes what it leaves empty from its activity's latest record (called under the lock).</summary>
    private void AppendTaskJournal(JournalRecord record)
    {
        var latest = _journal.TryGetValue(record.InstanceId, out var journal)
            ? journal.LastOrDefault(r => r.ActivityId == record.ActivityId && r.ActivityInstanceId is not null)
            : null;
        AppendJournal(record.InstanceId, [TaskJournal.Complete(record, latest)]);
    }

    private sealed class ByPosition : IComparer<JournalRecord>
    {
        public static readonly ByPosition Instance = new();

        public int Compare(JournalRecord? x, JournalRecord? y) => (x?.Position ?? 0).CompareTo(y?.Position ?? 0);
    }
}

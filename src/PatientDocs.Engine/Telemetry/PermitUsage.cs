namespace PatientDocs.Engine.Telemetry;

/// <summary>
/// The permits this node's task attempts took, by limit, as the sliding window counts them: held until the answer (or the end
/// of the hold), then for one window after it. Node-local and in memory, so reading it costs no store query.
/// </summary>
internal sealed class PermitUsage
{
    private readonly Lock _gate = new();
    private const int PruneAt = 1024;
    private readonly List<Entry> _entries = [];
    private TimeSpan _longestWindow;

    public void Granted(string limit, string taskId, DateTimeOffset grantedAt, DateTimeOffset heldUntil, TimeSpan window)
    {
        lock (_gate)
        {
            // Bounded between reads too: a listener that never collects the gauge must not grow this without end.
            _longestWindow = window > _longestWindow ? window : _longestWindow;
            if (_entries.Count >= PruneAt)
            {
                _entries.RemoveAll(e => e.CountsFrom <= grantedAt - _longestWindow);
            }

            _entries.Add(new Entry(limit, taskId, grantedAt, heldUntil));
        }
    }

    /// <summary>The first release of an attempt's permit counts; a later one (its completion) changes nothing.</summary>
    public void Released(string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt)
    {
        lock (_gate)
        {
            var i = _entries.FindIndex(e => e.TaskId == taskId && e.GrantedAt == grantedAt && e.ReleasedAt is null);
            if (i >= 0)
            {
                _entries[i] = _entries[i] with { ReleasedAt = releasedAt < _entries[i].HeldUntil ? releasedAt : _entries[i].HeldUntil };
            }
        }
    }

    /// <summary>Permits of <paramref name="limit"/> that count at <paramref name="now"/> in a window of <paramref name="window"/>.</summary>
    public int InUse(string limit, TimeSpan window, DateTimeOffset now)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var entry in _entries)
            {
                if (string.Equals(entry.Limit, limit, StringComparison.OrdinalIgnoreCase) && entry.CountsFrom > now - window)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Forgets permits that no window of <paramref name="longestWindow"/> counts any more.</summary>
    public void Prune(TimeSpan longestWindow, DateTimeOffset now)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.CountsFrom <= now - longestWindow);
        }
    }

    private sealed record Entry(string Limit, string TaskId, DateTimeOffset GrantedAt, DateTimeOffset HeldUntil)
    {
        public DateTimeOffset? ReleasedAt { get; init; }

        public DateTimeOffset CountsFrom => ReleasedAt ?? HeldUntil;
    }
}

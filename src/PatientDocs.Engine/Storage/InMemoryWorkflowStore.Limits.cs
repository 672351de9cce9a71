namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
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
}

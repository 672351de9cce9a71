using PatientDocs.Engine.Queues;

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

    public Task<IReadOnlyList<PermitGrant>> ListPermitGrantsAsync(string limitName, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var start = now - window;
            return Task.FromResult<IReadOnlyList<PermitGrant>>(_grants.TryGetValue(limitName, out var grants)
                ? grants.Where(g => g.GrantedAt > start && g.GrantedAt <= now).OrderBy(g => g.GrantedAt)
                    .Select(g => new PermitGrant(g.TaskId, g.GrantedAt, g.ReleasedAt, g.Units)).ToList()
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

    public Task<PermitAcquisition> AcquirePermitsAsync(PermitRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var limit = request.Limit;
            var now = LockedNow(request.Clock, request.Now);
            var grants = GrantsOf(limit.Name, limit.Window, now);
            var plan = ClaimPlanner.PlanPermits(Math.Max(1, request.Count), grants.Select(g => g.CountsFrom), limit, now);
            if (plan.GrantedAt is not { } grantedAt)
            {
                return Task.FromResult(new PermitAcquisition(null, plan.NextClaimAt));
            }

            for (var i = 0; i < request.Count; i++)
            {
                grants.Add(new Grant(request.Holder, grantedAt, plan.HeldUntil!.Value));
            }

            return Task.FromResult(new PermitAcquisition(grantedAt, null));
        }
    }

    /// <summary>The claimer's clock read again under the lock, never before the time it asked at.</summary>
    private static DateTimeOffset LockedNow(TimeProvider? clock, DateTimeOffset now) =>
        clock is not null && clock.GetUtcNow() is var current && current > now ? current : now;

    /// <summary>
    /// Only this attempt's own grants (all of a holder's taken together, in every limit it drew on): an earlier holder whose
    /// lease lapsed may still send until its hold ends.
    /// </summary>
    private void ReleaseGrant(string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt)
    {
        foreach (var grants in _grants.Values)
        {
            for (var i = 0; i < grants.Count; i++)
            {
                if (grants[i].TaskId == taskId && grants[i].GrantedAt == grantedAt && grants[i].ReleasedAt is null)
                {
                    grants[i] = grants[i] with { ReleasedAt = releasedAt };
                }
            }
        }
    }

    /// <summary>The attempt's grant in a weighted limit charges what it used instead of its estimate (the rule in docs/content-pipeline.md).</summary>
    private void CorrectUnits(string limitName, string taskId, DateTimeOffset grantedAt, long used)
    {
        if (!_grants.TryGetValue(limitName, out var grants))
        {
            return;
        }

        for (var i = 0; i < grants.Count; i++)
        {
            if (grants[i].TaskId == taskId && grants[i].GrantedAt == grantedAt)
            {
                grants[i] = grants[i] with { Units = Math.Max(0, used) };
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

        /// <summary>What it charges a weighted limit: the estimate, then the attempt's reported usage; 1 in an unweighted one.</summary>
        public long Units { get; init; } = 1;

        /// <summary>When its window starts: the answer to its request, or while unanswered, the end of its hold.</summary>
        public DateTimeOffset CountsFrom => ReleasedAt ?? HeldUntil;
    }
}


namespace PatientDocs.Engine.Queues;

/// <summary>
/// The claim rule every store applies, on plain values in one clock: which ready tasks a claimer takes, in what order,
/// each with its permit's grant and hold on the limit's <see cref="SlidingWindow"/>, and when a claimer the limit stopped
/// should look again. A store only fetches the candidates and the permits counting in the window, and persists the plan
/// (leases, grants) in the claim's transaction.
/// </summary>
public static class ClaimPlanner
{
    /// <summary>Whether the window has a permit at <paramref name="now"/> or within the lookahead; always, without a limit.</summary>
    public static bool CanGrant(IEnumerable<DateTimeOffset> countingPermits, RateLimitSpec? limit, DateTimeOffset now) =>
        limit is null || SlidingWindow.GrantTime(countingPermits, limit.Permits, limit.Window, limit.Lookahead, now) is not null;

    /// <summary>
    /// Takes candidates by priority descending, then oldest first, ties in the order given (a store passes its insertion or
    /// key order), until <paramref name="maxTasks"/> are taken, the window has no permit within the lookahead, or the next
    /// task's weight exceeds what is left of <paramref name="weightAvailable"/> (null: no budget).
    /// </summary>
    /// <param name="countingPermits">When each permit of the limit still counts from: its release, else the end of its hold.</param>
    /// <param name="limit">The limit; each new permit is held for its <see cref="RateLimitSpec.Hold"/> from its grant.</param>
    /// <param name="units">
    /// The group's weighted limit, if any: each claim charges its candidate's units at the same grant time; a candidate
    /// heavier than the whole capacity is taken as <see cref="PlannedClaim.Oversized"/> without a grant.
    /// </param>
    public static ClaimPlan Plan(
        IReadOnlyList<ClaimCandidate> candidates,
        IEnumerable<DateTimeOffset> countingPermits,
        RateLimitSpec? limit,
        DateTimeOffset now,
        int maxTasks,
        long? weightAvailable = null,
        UnitWindow? units = null)
    {
        var counting = countingPermits.ToList();
        var countingUnits = units?.Counting.ToList();
        long blockedUnits = 0;
        var claims = new List<PlannedClaim>();
        var weightLeft = weightAvailable;
        var stop = ClaimStop.NoMoreCandidates;
        foreach (var candidate in candidates.OrderByDescending(c => c.Priority).ThenBy(c => c.CreatedAt))
        {
            if (claims.Count >= maxTasks)
            {
                stop = ClaimStop.MaxTasks;
                break;
            }

            if (units is not null && candidate.Units > units.Limit.Permits)
            {
                claims.Add(new PlannedClaim(candidate.TaskId, null, null) { Oversized = true });
                continue;
            }

            DateTimeOffset? grantedAt = null;
            if (limit is not null)
            {
                grantedAt = SlidingWindow.GrantTime(counting, limit.Permits, limit.Window, limit.Lookahead, now);
                if (grantedAt is null)
                {
                    stop = ClaimStop.Limit;
                    blockedUnits = candidate.Units;
                    break;
                }
            }

            if (units is not null)
            {
                var unitsAt = WeightedWindow.GrantTime(countingUnits!, units.Limit.Permits, candidate.Units, units.Limit.Window, units.Limit.Lookahead, now);
                if (unitsAt is null)
                {
                    stop = ClaimStop.Limit;
                    blockedUnits = candidate.Units;
                    break;
                }

                // Both limits must have room: the later of the two times has it in both, since room only grows with time.
                grantedAt = grantedAt is { } requestAt && requestAt > unitsAt ? requestAt : unitsAt;
            }

            // FIFO-fair: a heavy task at the head waits for room rather than being overtaken by lighter ones.
            if (weightLeft is { } left && candidate.Weight > left)
            {
                stop = ClaimStop.Weight;
                break;
            }

            weightLeft -= candidate.Weight;
            DateTimeOffset? heldUntil = null;
            DateTimeOffset? unitsHeldUntil = null;
            if (grantedAt is { } at)
            {
                heldUntil = at + (limit ?? units!.Limit).Hold;
                if (limit is not null)
                {
                    counting.Add(heldUntil.Value);
                }

                if (units is not null)
                {
                    unitsHeldUntil = at + units.Limit.Hold;
                    countingUnits!.Add(new WeightedPermit(unitsHeldUntil.Value, candidate.Units));
                }
            }

            claims.Add(new PlannedClaim(candidate.TaskId, grantedAt, heldUntil) { UnitsHeldUntil = unitsHeldUntil });
        }

        var nextClaimAt = stop == ClaimStop.Limit ? NextClaimAt(counting, limit, countingUnits, units, blockedUnits, now) : null;
        return new ClaimPlan(claims, stop, nextClaimAt);
    }

    /// <summary>When both limits have room for the blocked task, a lookahead early: the later of the two limits' times.</summary>
    private static DateTimeOffset? NextClaimAt(
        List<DateTimeOffset> counting, RateLimitSpec? limit, List<WeightedPermit>? countingUnits, UnitWindow? units, long blockedUnits, DateTimeOffset now)
    {
        var requestAt = limit is null ? null : SlidingWindow.NextClaimAt(counting, limit.Permits, limit.Window, limit.Lookahead, now);
        if (units is null)
        {
            return requestAt;
        }

        var unitsAt = WeightedWindow.NextClaimAt(countingUnits!, units.Limit.Permits, blockedUnits, units.Limit.Window, units.Limit.Lookahead, now);
        return requestAt is { } r && (unitsAt is null || r > unitsAt) ? r : unitsAt;
    }

    /// <summary>
    /// Plans <paramref name="count"/> permits for one holder outside any task, all or none and at one grant time, since its
    /// request leaves once. They fit where fewer than Permits − count + 1 permits already count: with them, as with each
    /// grant <see cref="Plan"/> makes, the window then holds no more than Permits.
    /// </summary>
    public static PermitPlan PlanPermits(int count, IEnumerable<DateTimeOffset> countingPermits, RateLimitSpec limit, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, limit.Permits);
        var counting = countingPermits as IReadOnlyCollection<DateTimeOffset> ?? countingPermits.ToList();
        var room = limit.Permits - count + 1;
        return SlidingWindow.GrantTime(counting, room, limit.Window, limit.Lookahead, now) is { } grantedAt
            ? new PermitPlan(grantedAt, grantedAt + limit.Hold, null)
            : new PermitPlan(null, null, SlidingWindow.NextClaimAt(counting, room, limit.Window, limit.Lookahead, now));
    }
}

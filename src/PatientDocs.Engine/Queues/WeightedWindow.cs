namespace PatientDocs.Engine.Queues;

/// <summary>
/// <see cref="SlidingWindow"/> with weights: a grant of <c>units</c> at <c>now</c> is allowed while the units of the earlier
/// permits still counting, plus its own, are at most the limit's capacity. With every weight 1 it is the same rule as the
/// unweighted one. A request heavier than the whole capacity never fits: its grant time is null, whatever the lookahead.
/// </summary>
public static class WeightedWindow
{
    /// <summary>When <paramref name="units"/> fit (<paramref name="now"/> if they do now), or null if they exceed the capacity.</summary>
    public static DateTimeOffset? NextPermitAt(IEnumerable<WeightedPermit> counting, long capacity, long units, TimeSpan window, DateTimeOffset now)
    {
        if (units > capacity)
        {
            return null;
        }

        var start = now - window;
        var live = counting.Where(p => p.CountsFrom > start).OrderBy(p => p.CountsFrom).ToList();
        var excess = live.Sum(p => p.Units) + units - capacity;
        if (excess <= 0)
        {
            return now;
        }

        // Oldest first, the permits leave the window; the one whose leaving brings the sum down to fit frees the room.
        foreach (var permit in live)
        {
            excess -= permit.Units;
            if (excess <= 0)
            {
                return permit.CountsFrom + window;
            }
        }

        return null;
    }

    /// <summary>As <see cref="SlidingWindow.GrantTime"/>: when the units may leave, if within <paramref name="lookahead"/>; null otherwise.</summary>
    public static DateTimeOffset? GrantTime(IEnumerable<WeightedPermit> counting, long capacity, long units, TimeSpan window, TimeSpan lookahead, DateTimeOffset now) =>
        NextPermitAt(counting, capacity, units, window, now) is { } at && at <= now + lookahead ? at : null;

    /// <summary>As <see cref="SlidingWindow.NextClaimAt"/>, for a request of <paramref name="units"/>.</summary>
    public static DateTimeOffset? NextClaimAt(IEnumerable<WeightedPermit> counting, long capacity, long units, TimeSpan window, TimeSpan lookahead, DateTimeOffset now) =>
        NextPermitAt(counting, capacity, units, window, now) is { } at && at - lookahead > now ? at - lookahead : null;
}

namespace PatientDocs.Engine.Queues;

/// <summary>
/// The sliding-log rule every store applies when claiming. A permit counts from the latest moment its request can have
/// reached the service (its answer, or while still held, the end of its hold) for one window; a grant at <c>now</c> is
/// allowed while fewer than <c>permits</c> earlier permits still count. Because a new request leaves no earlier than its
/// grant, any two requests one window apart on this log are at least a window apart at the service, whatever the delays
/// in between; unlike a token bucket it never lets a burst exceed the limit, yet reaches the full long-run rate.
/// </summary>
public static class SlidingWindow
{
    /// <summary>
    /// When the next permit frees up (the limit is reached), or <paramref name="now"/> if one is free. The log must include
    /// every permit that still counts.
    /// </summary>
    public static DateTimeOffset NextPermitAt(IEnumerable<DateTimeOffset> countsFrom, int permits, TimeSpan window, DateTimeOffset now)
    {
        var start = now - window;
        var counting = countsFrom.Where(c => c > start).Order().ToList();
        if (counting.Count < permits)
        {
            return now;
        }

        // The permit whose window ends brings the count below the limit.
        return counting[counting.Count - permits] + window;
    }

    /// <summary>
    /// When a new request may leave: <paramref name="now"/> if a permit is free, else when the next one frees up, provided
    /// that is within <paramref name="lookahead"/>; null otherwise. Granting ahead lets the claim and dispatch overlap the
    /// wait instead of following it.
    /// </summary>
    public static DateTimeOffset? GrantTime(IEnumerable<DateTimeOffset> countsFrom, int permits, TimeSpan window, TimeSpan lookahead, DateTimeOffset now)
    {
        var at = NextPermitAt(countsFrom, permits, window, now);
        return at <= now + lookahead ? at : null;
    }

    /// <summary>When a claimer stopped by the limit should look again: a lookahead before the next permit frees up.</summary>
    public static DateTimeOffset? NextClaimAt(IEnumerable<DateTimeOffset> countsFrom, int permits, TimeSpan window, TimeSpan lookahead, DateTimeOffset now)
    {
        var at = NextPermitAt(countsFrom, permits, window, now) - lookahead;
        return at > now ? at : null;
    }
}

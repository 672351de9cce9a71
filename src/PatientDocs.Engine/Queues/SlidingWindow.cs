namespace PatientDocs.Engine.Queues;

/// <summary>
/// The sliding-log rule every store applies when claiming: a grant at <c>now</c> is allowed while fewer than
/// <c>permits</c> earlier grants lie in <c>(now - window, now]</c>. Unlike a token bucket it never lets a burst exceed
/// the limit in any window, yet reaches the full long-run rate.
/// </summary>
public static class SlidingWindow
{
    /// <summary>How many grants may be taken at <paramref name="now"/>, given the grants so far (any order).</summary>
    public static int Available(IEnumerable<DateTimeOffset> grants, int permits, TimeSpan window, DateTimeOffset now)
    {
        var start = now - window;
        var inWindow = grants.Count(g => g > start && g <= now);
        return Math.Max(0, permits - inWindow);
    }

    /// <summary>
    /// When the next permit frees up after the grants in the window (the limit is reached), or <paramref name="now"/> if
    /// one is free. The log must include every grant still in the window.
    /// </summary>
    public static DateTimeOffset NextPermitAt(IEnumerable<DateTimeOffset> grants, int permits, TimeSpan window, DateTimeOffset now)
    {
        var start = now - window;
        var inWindow = grants.Where(g => g > start && g <= now).Order().ToList();
        if (inWindow.Count < permits)
        {
            return now;
        }

        // The grant whose expiry brings the count below the limit.
        return inWindow[inWindow.Count - permits] + window;
    }
}

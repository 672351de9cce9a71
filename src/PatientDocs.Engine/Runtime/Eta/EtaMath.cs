using System.Globalization;

namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>The arithmetic of an estimate, on plain values: no store, no clock.</summary>
public static class EtaMath
{
    /// <summary>
    /// The earliest moment the sliding window can grant the permit of a task with <paramref name="ahead"/> tasks before it.
    /// Each of the <paramref name="permits"/> lanes of the log frees up one window after its last grant: a free lane at
    /// <paramref name="now"/>, a counting one a window after it counts from, so the k-th next grant lands on lane k mod
    /// permits, (k div permits) windows later.
    /// </summary>
    /// <param name="counting">When each permit still in the window counts from (a grant, or a release).</param>
    public static DateTimeOffset LimitFloor(int ahead, IReadOnlyCollection<DateTimeOffset> counting, int permits, TimeSpan window, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ahead);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        var inWindow = counting.Where(c => c > now - window).Order().ToList();
        // Only the newest `permits` can hold a lane; older ones have been overtaken.
        var lanes = inWindow.Skip(Math.Max(0, inWindow.Count - permits)).ToList();
        var free = permits - lanes.Count;
        var round = ahead / permits;
        var lane = ahead % permits;
        var roundStart = now + (window * round);
        return lane < free ? roundStart : Max(roundStart, lanes[lane - free] + (window * (round + 1)));
    }

    /// <summary>
    /// When the task with <paramref name="ahead"/> before it gets one of <paramref name="slots"/>, each task holding one for
    /// <paramref name="typicalRun"/>: an estimate, not a floor, since runs vary.
    /// </summary>
    public static DateTimeOffset SlotStart(int ahead, int slots, TimeSpan typicalRun, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        return now + (typicalRun * (ahead / slots));
    }

    /// <summary>The middle value (the lower of the two middles for an even count), or null for none.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> values) => Quantile(values, 0.5);

    /// <summary>The value at fraction <paramref name="q"/> of the sorted values (nearest rank), or null for none.</summary>
    public static TimeSpan? Quantile(IEnumerable<TimeSpan> values, double q)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"1st", "2nd", "400th".</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>A duration as a person says it: "40 min", "1 h 5 min", "35 s", "0.4 s".</summary>
    public static string Describe(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        if (duration < TimeSpan.FromSeconds(10))
        {
            return (Math.Round(duration.TotalSeconds * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture) + " s";
        }

        if (duration < TimeSpan.FromMinutes(2))
        {
            return Math.Round(duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        }

        if (duration < TimeSpan.FromHours(2))
        {
            return Math.Round(duration.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min";
        }

        var minutes = (int)Math.Round(duration.TotalMinutes);
        return $"{minutes / 60} h {minutes % 60} min";
    }

    /// <summary>"10/min", "10/s", "10 per 30 s": a limit as its permits per window.</summary>
    public static string DescribeRate(int permits, TimeSpan window)
    {
        var count = permits.ToString(CultureInfo.InvariantCulture);
        var rounded = Round(window);
        return rounded < TimeSpan.FromSeconds(1) ? $"{count} per {Milliseconds(rounded).ToString(CultureInfo.InvariantCulture)} ms"
            : rounded == TimeSpan.FromSeconds(1) ? $"{count}/s"
            : rounded == TimeSpan.FromMinutes(1) ? $"{count}/min"
            : rounded == TimeSpan.FromHours(1) ? $"{count}/h"
            : $"{count} per {Describe(rounded)}";
    }

    // Truncated, since the window is the period plus a few milliseconds of guard: 505 ms reads 500, 21.7 ms reads 21.
    private static long Milliseconds(TimeSpan window)
    {
        var ms = (long)window.TotalMilliseconds;
        return ms >= 100 ? ms / 10 * 10 : ms;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    // A window carries a few milliseconds of guard; the rate reads better without it.
    private static TimeSpan Round(TimeSpan window) =>
        window >= TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(Math.Round(window.TotalSeconds)) : window;
}

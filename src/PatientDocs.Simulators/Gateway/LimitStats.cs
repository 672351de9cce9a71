namespace PatientDocs.Simulators.Gateway;

/// <param name="Slack">For a request limit: how long after the earliest moment the limit allowed it each arrival came, once
/// the first Permits had arrived (real milliseconds); null before then and for a token limit.</param>
/// <param name="FirstArrivalAt">The first arrival counted since the last reset (wall clock), so a client can tell how long it
/// took to send its first request; null before one.</param>
/// <param name="LastArrivalAt">The latest arrival counted since the last reset (wall clock).</param>
public sealed record LimitStats(
    int Permits, double PeriodSeconds, long Requests, long Violations, int MaxInWindow, int InWindow, WindowSlack? Slack = null,
    DateTimeOffset? FirstArrivalAt = null, DateTimeOffset? LastArrivalAt = null);

/// <summary>
/// Percentiles of <see cref="LimitStats.Slack"/>: near zero while a client keeps the window full; idle time shows as large
/// values. <paramref name="TotalMs"/> sums every sample: divided by the permits, it is about how much longer the client took
/// to send its requests than the limit required.
/// </summary>
public sealed record WindowSlack(long Samples, double P10Ms, double P50Ms, double P90Ms, double TotalMs = 0);

namespace PatientDocs.Simulators.Gateway;

/// <param name="Slack">For a request limit: how long after the earliest moment the limit allowed it each arrival came, once
/// the first Permits had arrived (real milliseconds); null before then and for a token limit.</param>
public sealed record LimitStats(int Permits, double PeriodSeconds, long Requests, long Violations, int MaxInWindow, int InWindow, WindowSlack? Slack = null);

/// <summary>Percentiles of <see cref="LimitStats.Slack"/>: near zero while a client keeps the window full; idle time shows as large values.</summary>
public sealed record WindowSlack(long Samples, double P10Ms, double P50Ms, double P90Ms);

namespace PatientDocs.Bench.Runs;

/// <summary>
/// A limit at the end of a run: permits per window (unscaled period, real window), the most seen in one window, violations.
/// The slack (real ms) is how long after the limit allowed it a request arrived, once the window had filled: near zero while
/// the server keeps the window full. The first and last arrivals are the simulator's, on the wall clock.
/// </summary>
public sealed record LimitResult(
    string Key, int Permits, double PeriodSeconds, double WindowSeconds, long MaxInWindow, long Violations, long Requests,
    double? SlackP50Ms = null, double? SlackP90Ms = null, double? SlackTotalMs = null, DateTimeOffset? FirstArrivalAt = null, DateTimeOffset? LastArrivalAt = null);

namespace PatientDocs.Bench.Api;

/// <summary>
/// One limit of a simulated service: permits per window, the window in real (scaled) seconds as the simulator reports it,
/// requests counted in it, the most requests seen in any window, violations.
/// </summary>
/// <param name="SlackP50Ms">The median slack the simulator measured: how long after the earliest moment the limit allowed it
/// a request arrived, once the window had filled (real ms); null when it reports none.</param>
/// <param name="SlackTotalMs">Every request's slack summed (real ms); null when it reports none.</param>
/// <param name="FirstArrivalAt">The first request counted since the counters were reset; null before one.</param>
/// <param name="LastArrivalAt">The latest request counted since the counters were reset.</param>
public sealed record LimitStats(
    string Service, string Name, int Permits, double WindowSeconds, double UnscaledPeriodSeconds, long Requests, long MaxInWindow, long Violations,
    double? SlackP50Ms = null, double? SlackP90Ms = null, double? SlackTotalMs = null, DateTimeOffset? FirstArrivalAt = null, DateTimeOffset? LastArrivalAt = null);

namespace PatientDocs.Bench.Api;

/// <summary>
/// One limit of a simulated service: permits per window, the window in real (scaled) seconds as the simulator reports it,
/// requests counted in it, the most requests seen in any window, violations.
/// </summary>
/// <param name="SlackP50Ms">The median slack the simulator measured: how long after the earliest moment the limit allowed it
/// a request arrived, once the window had filled (real ms); null when it reports none.</param>
public sealed record LimitStats(string Service, string Name, int Permits, double WindowSeconds, double UnscaledPeriodSeconds, long Requests, long MaxInWindow, long Violations, double? SlackP50Ms = null, double? SlackP90Ms = null);

namespace PatientDocs.Bench.Api;

/// <summary>
/// One limit of a simulated service: permits per window, the window in real (scaled) seconds as the simulator reports it,
/// requests counted in it, the most requests seen in any window, violations.
/// </summary>
public sealed record LimitStats(string Service, string Name, int Permits, double WindowSeconds, double UnscaledPeriodSeconds, long Requests, long MaxInWindow, long Violations);

namespace PatientDocs.Bench.Api;

/// <summary>One limit of a simulated service: permits per period, the most requests seen in any window, violations.</summary>
public sealed record LimitStats(string Service, string Name, int Permits, double PeriodSeconds, long MaxInWindow, long Violations);

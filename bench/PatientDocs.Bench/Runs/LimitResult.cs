namespace PatientDocs.Bench.Runs;

/// <summary>A limit at the end of a run: permits per window (unscaled period, real window), the most seen in one window, violations.</summary>
public sealed record LimitResult(string Key, int Permits, double PeriodSeconds, double WindowSeconds, long MaxInWindow, long Violations, long Requests);

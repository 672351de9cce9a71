namespace PatientDocs.Bench.Runs;

/// <summary>A limit at the end of a run: its permits per (unscaled) period, the most seen in one window, violations.</summary>
public sealed record LimitResult(string Key, int Permits, double PeriodSeconds, long MaxInWindow, long Violations, long Requests);

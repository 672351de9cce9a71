namespace PatientDocs.Simulators.Gateway;

public sealed record LimitStats(int Permits, double PeriodSeconds, long Requests, long Violations, int MaxInWindow, int InWindow);

namespace PatientDocs.Simulators.Gateway;

/// <summary>A service's own limit refused a request: when to try again, and why.</summary>
public sealed record LimitRefusal(TimeSpan RetryAfter, string Detail);

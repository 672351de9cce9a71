namespace PatientDocs.Simulators.Gateway;

/// <summary>The outcome of one arrival in a sliding window; <see cref="RetryAfter"/> is zero when permitted.</summary>
public readonly record struct WindowDecision(bool Permitted, TimeSpan RetryAfter);

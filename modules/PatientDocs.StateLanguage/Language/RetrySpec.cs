namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// A Task's retry: <see cref="MaxAttempts"/> counts every attempt, the first included. The delay before attempt k+1 is
/// <c>IntervalSeconds × BackoffMultiplier^(k−1)</c>. Null <see cref="ErrorTypes"/> retries every error type.
/// </summary>
public sealed record RetrySpec(int MaxAttempts, double IntervalSeconds = 1, double BackoffMultiplier = 2, IReadOnlyList<string>? ErrorTypes = null);

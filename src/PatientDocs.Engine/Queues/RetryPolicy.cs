namespace PatientDocs.Engine.Queues;

/// <summary>Exponential backoff with jitter and a cap (already divided by TimeScale), plus the retry deadline.</summary>
public sealed record RetryPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, double Multiplier, double Jitter, TimeSpan Deadline)
{
    public static RetryPolicy From(RetryOptions options, double timeScale) => new(
        options.InitialDelay / timeScale,
        options.MaxDelay / timeScale,
        options.Multiplier,
        options.Jitter,
        options.Deadline / timeScale);

    /// <summary>
    /// The delay before the next attempt after <paramref name="failedAttempts"/> failures (1 after the first), at least
    /// the server's Retry-After. <paramref name="random"/> in [0, 1) picks the jitter (0.5 is the nominal delay).
    /// </summary>
    public TimeSpan NextDelay(int failedAttempts, TimeSpan? retryAfter, double random)
    {
        var exponent = Math.Max(0, failedAttempts - 1);
        var nominal = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, exponent), MaxDelay.TotalMilliseconds);
        var jittered = nominal * (1 + (Jitter * ((2 * random) - 1)));
        var backoff = TimeSpan.FromMilliseconds(Math.Clamp(jittered, 0, MaxDelay.TotalMilliseconds));
        return retryAfter is { } after && after > backoff ? after : backoff;
    }
}

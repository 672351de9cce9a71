namespace PatientDocs.Engine.Queues;

/// <summary>Backoff for transient failures; every duration is divided by TimeScale.</summary>
public sealed class RetryOptions
{
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public double Multiplier { get; set; } = 2;

    /// <summary>Relative spread: 0.2 draws each delay from ±20 % of the nominal one.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>How long after enqueueing a task keeps retrying before it fails with an incident.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(6);
}

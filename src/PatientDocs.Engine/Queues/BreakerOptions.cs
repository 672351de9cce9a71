namespace PatientDocs.Engine.Queues;

/// <summary>Circuit breaker of one service; the probe interval is divided by TimeScale.</summary>
public sealed class BreakerOptions
{
    /// <summary>Consecutive transient failures that open the breaker; 0 disables it.</summary>
    public int FailureThreshold { get; set; } = 5;

    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

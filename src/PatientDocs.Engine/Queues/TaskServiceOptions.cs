namespace PatientDocs.Engine.Queues;

/// <summary>One external service (or local resource): its limits, the queues drawing on them, retry and breaker.</summary>
public sealed class TaskServiceOptions
{
    public Dictionary<string, RateLimitOptions> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, QueueOptions> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RetryOptions Retry { get; set; } = new();

    public BreakerOptions Breaker { get; set; } = new();

    /// <summary>The start-to-close timeout of every attempt on this service's queues unless a queue sets its own; null means none.</summary>
    public TimeSpan? StartToCloseTimeout { get; set; }
}

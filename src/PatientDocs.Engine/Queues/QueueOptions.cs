namespace PatientDocs.Engine.Queues;

public sealed class QueueOptions
{
    /// <summary>Name of a limit in the same service's <c>Limits</c>; null means unlimited.</summary>
    public string? Limit { get; set; }

    /// <summary>
    /// Name of a second limit in the same service's <c>Limits</c> whose permits are units (for example tokens per minute):
    /// each task charges its declared estimate and is corrected to its reported usage. Null means none.
    /// </summary>
    public string? UnitLimit { get; set; }

    /// <summary>Tasks of this queue running at once on this node.</summary>
    public int Slots { get; set; } = 4;

    /// <summary>Weight units this node may hold at once (for example MB of memory); null means no budget.</summary>
    public long? Budget { get; set; }

    /// <summary>How long one attempt of a task may run before it is abandoned as a retryable failure; null takes the service's.</summary>
    public TimeSpan? StartToCloseTimeout { get; set; }
}

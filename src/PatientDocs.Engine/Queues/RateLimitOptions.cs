namespace PatientDocs.Engine.Queues;

/// <summary>A sliding-window limit: no window of <see cref="Period"/> (scaled) plus <see cref="Guard"/> holds more than <see cref="Permits"/> grants.</summary>
public sealed class RateLimitOptions
{
    public int Permits { get; set; } = 10;

    /// <summary>The service's window; divided by TimeScale.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Real time added to the window for dispatch and network jitter; not scaled.</summary>
    public TimeSpan Guard { get; set; } = TimeSpan.FromMilliseconds(50);
}

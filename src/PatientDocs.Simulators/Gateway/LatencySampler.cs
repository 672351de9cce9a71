namespace PatientDocs.Simulators.Gateway;

/// <summary>Draws latencies from one seeded generator, so a run's spread is the same from one run to the next.</summary>
public sealed class LatencySampler(int seed)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);

    public TimeSpan Next(EndpointLatency latency)
    {
        if (latency.Jitter <= TimeSpan.Zero)
        {
            return latency.Base;
        }

        double uniform;
        lock (_gate)
        {
            uniform = _random.NextDouble();
        }

        return latency.At(uniform);
    }
}

namespace PatientDocs.Simulators.Gateway;

/// <summary>One limited endpoint of a simulated service: its counters, its limit (if any) and its latency.</summary>
public sealed class GatedEndpoint
{
    private long _requests;
    private long _violations;
    private long _unavailable;

    public GatedEndpoint(string name, SlidingWindowLimit? limit, TimeSpan latency)
    {
        Name = name;
        Limit = limit;
        Latency = latency;
    }

    public string Name { get; }

    public SlidingWindowLimit? Limit { get; }

    public TimeSpan Latency { get; }

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountViolation() => Interlocked.Increment(ref _violations);

    internal void CountUnavailable() => Interlocked.Increment(ref _unavailable);

    internal EndpointStats Snapshot() =>
        new(Interlocked.Read(ref _requests), Interlocked.Read(ref _violations), Interlocked.Read(ref _unavailable));

    internal void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _violations, 0);
        Interlocked.Exchange(ref _unavailable, 0);
    }
}

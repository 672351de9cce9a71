namespace PatientDocs.Simulators.Gateway;

/// <summary>One limited endpoint of a simulated service: its counters, its limit (if any) and its latency.</summary>
public sealed class GatedEndpoint
{
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource<long> Reached)> _waiters = [];
    private long _arrivals;
    private long _requests;
    private long _violations;
    private long _unavailable;

    public GatedEndpoint(string name, SlidingWindowLimit? limit, EndpointLatency latency)
    {
        Name = name;
        Limit = limit;
        Latency = latency;
    }

    public string Name { get; }

    public SlidingWindowLimit? Limit { get; }

    public EndpointLatency Latency { get; }

    /// <summary>Every request that ever arrived, whatever its answer; never reset.</summary>
    public long Arrivals
    {
        get
        {
            lock (_gate)
            {
                return _arrivals;
            }
        }
    }

    /// <summary>Completes with the arrival count once <paramref name="count"/> requests have arrived (a test's event to act on).</summary>
    public Task<long> WhenArrivedAsync(long count, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_arrivals >= count)
            {
                return Task.FromResult(_arrivals);
            }

            _waiters.Add((count, reached));
        }

        var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _waiters.Remove((count, reached));
            }

            reached.TrySetCanceled(cancellationToken);
        });
        _ = reached.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return reached.Task;
    }

    internal void CountArrival()
    {
        List<TaskCompletionSource<long>>? reached = null;
        long arrivals;
        lock (_gate)
        {
            arrivals = ++_arrivals;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= arrivals)
                {
                    (reached ??= []).Add(_waiters[i].Reached);
                    _waiters.RemoveAt(i);
                }
            }
        }

        reached?.ForEach(r => r.TrySetResult(arrivals));
    }

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

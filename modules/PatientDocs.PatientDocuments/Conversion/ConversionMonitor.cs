namespace PatientDocs.PatientDocuments.Conversion;

/// <summary>Records how many conversions run at once on this node and how much memory they declared; tests and the bench read the peaks.</summary>
public sealed class ConversionMonitor
{
    private readonly Lock _gate = new();
    private int _current;
    private int _peak;
    private long _currentWeight;
    private long _peakWeight;
    private long _completed;

    public int Current { get { lock (_gate) { return _current; } } }

    public int Peak { get { lock (_gate) { return _peak; } } }

    public long CurrentWeightMb { get { lock (_gate) { return _currentWeight; } } }

    public long PeakWeightMb { get { lock (_gate) { return _peakWeight; } } }

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Marks a conversion as running until the returned scope is disposed.</summary>
    public IDisposable Enter(long weightMb)
    {
        lock (_gate)
        {
            _current++;
            _currentWeight += weightMb;
            _peak = Math.Max(_peak, _current);
            _peakWeight = Math.Max(_peakWeight, _currentWeight);
        }

        return new Scope(this, weightMb);
    }

    public void Reset()
    {
        lock (_gate)
        {
            _peak = _current;
            _peakWeight = _currentWeight;
            Interlocked.Exchange(ref _completed, 0);
        }
    }

    private void Exit(long weightMb)
    {
        lock (_gate)
        {
            _current--;
            _currentWeight -= weightMb;
        }

        Interlocked.Increment(ref _completed);
    }

    private sealed class Scope(ConversionMonitor monitor, long weightMb) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                monitor.Exit(weightMb);
            }
        }
    }
}

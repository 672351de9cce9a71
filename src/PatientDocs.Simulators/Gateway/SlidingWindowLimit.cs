namespace PatientDocs.Simulators.Gateway;

/// <summary>
/// A strict sliding-window limit over arrival times: every arrival is logged, refused or not, and the window is
/// (now - period, now]. The log holds only the arrivals of the last period.
/// </summary>
public sealed class SlidingWindowLimit
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _period;
    private long[] _log = new long[64];
    private int _head;
    private int _count;
    private long _requests;
    private long _violations;
    private int _maxInWindow;

    // The last Permits arrivals (a ring) and each later arrival's slack: how long after the earliest moment the limit
    // allowed it the arrival came. A client that keeps the window full arrives with a slack near zero.
    private readonly long[] _lastArrivals;
    private int _lastIndex;
    private long _seen;
    private readonly List<long> _slack = [];
    private DateTimeOffset? _firstArrivalAt;
    private DateTimeOffset? _lastArrivalAt;
    private const int MaxSlackSamples = 100_000;

    public SlidingWindowLimit(string name, int permits, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        Name = name;
        Permits = permits;
        Period = period;
        _time = time;
        _period = Math.Max(1, (long)Math.Ceiling(period.TotalSeconds * time.TimestampFrequency));
        _lastArrivals = new long[permits];
    }

    public string Name { get; }

    public int Permits { get; }

    /// <summary>The effective (already time-scaled) period.</summary>
    public TimeSpan Period { get; }

    public WindowDecision Arrive()
    {
        lock (_gate)
        {
            // Read the clock under the lock so the log stays sorted.
            var now = _time.GetTimestamp();
            Trim(now);
            Append(now);
            RecordSlack(now);
            _lastArrivalAt = _time.GetUtcNow();
            _firstArrivalAt ??= _lastArrivalAt;
            _requests++;
            if (_count > _maxInWindow)
            {
                _maxInWindow = _count;
            }

            if (_count <= Permits)
            {
                return new WindowDecision(true, TimeSpan.Zero);
            }

            _violations++;
            // A new arrival is accepted once all but Permits - 1 of the logged arrivals have left the window.
            var pivot = _log[(_head + _count - Permits) % _log.Length];
            var wait = pivot + _period - now;
            return new WindowDecision(false, TimeSpan.FromTicks((long)Math.Ceiling(wait * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency))));
        }
    }

    public LimitStats Snapshot()
    {
        LimitStats stats;
        long[] slack;
        lock (_gate)
        {
            Trim(_time.GetTimestamp());
            stats = new LimitStats(Permits, Period.TotalSeconds, _requests, _violations, _maxInWindow, _count, null, _firstArrivalAt, _lastArrivalAt);
            slack = _slack.ToArray();
        }

        // Sorted outside the lock: arrivals stamp their time under it, and a stats request must not delay them.
        return stats with { Slack = SlackSummary(slack) };
    }

    /// <summary>Clears the counters; the log stays, so the window remains strict across a reset.</summary>
    public void ResetCounters()
    {
        lock (_gate)
        {
            Trim(_time.GetTimestamp());
            _requests = 0;
            _violations = 0;
            _slack.Clear();
            _firstArrivalAt = null;
            _lastArrivalAt = null;
            _maxInWindow = _count;
        }
    }

    private void RecordSlack(long now)
    {
        if (_seen >= Permits && _slack.Count < MaxSlackSamples)
        {
            _slack.Add(now - (_lastArrivals[_lastIndex] + _period));
        }

        _lastArrivals[_lastIndex] = now;
        _lastIndex = (_lastIndex + 1) % Permits;
        _seen++;
    }

    /// <summary>Sorts <paramref name="samples"/> (the caller's own copy) in place and reads its percentiles.</summary>
    private WindowSlack? SlackSummary(long[] samples)
    {
        if (samples.Length == 0)
        {
            return null;
        }

        Array.Sort(samples);
        double Ms(double fraction) => samples[(int)Math.Min(samples.Length - 1, Math.Floor(fraction * samples.Length))] * 1000.0 / _time.TimestampFrequency;
        return new WindowSlack(samples.Length, Ms(0.1), Ms(0.5), Ms(0.9), samples.Sum() * 1000.0 / _time.TimestampFrequency);
    }

    private void Trim(long now)
    {
        var horizon = now - _period;
        while (_count > 0 && _log[_head] <= horizon)
        {
            _head = (_head + 1) % _log.Length;
            _count--;
        }

        // Give memory back after a burst.
        if (_log.Length > 1024 && _count < _log.Length / 4)
        {
            Resize(Math.Max(64, _log.Length / 2));
        }
    }

    private void Append(long now)
    {
        if (_count == _log.Length)
        {
            Resize(_log.Length * 2);
        }

        _log[(_head + _count) % _log.Length] = now;
        _count++;
    }

    private void Resize(int capacity)
    {
        var next = new long[capacity];
        for (var i = 0; i < _count; i++)
        {
            next[i] = _log[(_head + i) % _log.Length];
        }

        _log = next;
        _head = 0;
    }
}

namespace PatientDocs.Engine.Queues;

/// <summary>
/// Node-local breaker of one service. Closed: claim freely. After <c>threshold</c> consecutive transient failures it
/// opens: no claims (no permits burnt on a dead service) until the probe interval passes, then exactly one probe task;
/// the probe's success closes it, its failure re-opens it for another interval. Thread-safe.
/// </summary>
public sealed class CircuitBreaker(string service, int failureThreshold, TimeSpan probeInterval)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openedAt;
    private bool _probeInFlight;

    public string Service { get; } = service;

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _openedAt is not null;
            }
        }
    }

    /// <summary>When an open breaker lets its next probe through (null when closed).</summary>
    public DateTimeOffset? NextProbeAt
    {
        get
        {
            lock (_gate)
            {
                return _openedAt + probeInterval;
            }
        }
    }

    /// <summary>How many tasks the service's queues may claim now: unlimited when closed, 1 for a due probe, else 0.</summary>
    public int AllowedClaims(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_openedAt is not { } opened)
            {
                return int.MaxValue;
            }

            return !_probeInFlight && now >= opened + probeInterval ? 1 : 0;
        }
    }

    /// <summary>Marks the probe as taken; call after a claim made while <see cref="AllowedClaims"/> was 1 returned a task.</summary>
    public void ProbeStarted()
    {
        lock (_gate)
        {
            if (_openedAt is not null)
            {
                _probeInFlight = true;
            }
        }
    }

    /// <summary>The service answered (including a permanent, application-level error): close.</summary>
    public void RecordSuccess()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _openedAt = null;
            _probeInFlight = false;
        }
    }

    public void RecordTransientFailure(DateTimeOffset now)
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_openedAt is not null)
            {
                // A failed probe (or a straggler that was claimed before opening) restarts the interval.
                _openedAt = now;
                _probeInFlight = false;
            }
            else if (failureThreshold > 0 && _consecutiveFailures >= failureThreshold)
            {
                _openedAt = now;
            }
        }
    }

    /// <summary>A probe ended without telling anything about the service (lost lease, requeue): let another one through.</summary>
    public void RecordInconclusive()
    {
        lock (_gate)
        {
            _probeInFlight = false;
        }
    }
}

namespace PatientDocs.Simulators.Gateway;

/// <summary>The outages of one simulated service, on demand and scheduled; durations are already scaled by the caller.</summary>
public sealed class OutageBoard
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<Outage> _outages = [];
    private readonly List<ArmedOutage> _armed = [];
    private int _sequence;

    public OutageBoard(TimeProvider time) => _time = time;

    /// <summary>Raised when a request starts being held by a hang outage (a test seam: no sleeping to wait for it).</summary>
    public event EventHandler? RequestHeld;

    public Outage Add(OutageKind kind, TimeSpan startIn, TimeSpan duration) => Add(null, kind, startIn, duration);

    /// <summary>Arms an outage that starts once the service has received <paramref name="afterRequests"/> more requests: a fault placed on an event, not a time.</summary>
    public ArmedOutage Arm(OutageKind kind, long afterRequests, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(afterRequests, 1);
        lock (_gate)
        {
            _sequence++;
            var armed = new ArmedOutage($"outage-{_sequence}", kind, afterRequests, duration);
            _armed.Add(armed);
            return armed;
        }
    }

    /// <summary>Counts one arrival against the armed outages; those it completes start now, for the requests after it.</summary>
    public void OnArrival()
    {
        List<ArmedOutage>? due = null;
        lock (_gate)
        {
            for (var i = _armed.Count - 1; i >= 0; i--)
            {
                if (--_armed[i].Remaining == 0)
                {
                    (due ??= []).Add(_armed[i]);
                    _armed.RemoveAt(i);
                }
            }
        }

        foreach (var armed in due ?? [])
        {
            Add(armed.Id, armed.Kind, TimeSpan.Zero, armed.Duration);
        }
    }

    public Outage? ActiveNow()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Outage? active = null;
            for (var i = _outages.Count - 1; i >= 0; i--)
            {
                var outage = _outages[i];
                if (outage.IsOverAt(now))
                {
                    outage.End();
                    outage.Dispose();
                    _outages.RemoveAt(i);
                }
                else if (outage.IsActiveAt(now) && (active is null || outage.StartsAt <= active.StartsAt))
                {
                    active = outage;
                }
            }

            return active;
        }
    }

    public IReadOnlyList<OutageView> List()
    {
        ActiveNow();
        lock (_gate)
        {
            return _outages.Select(o => new OutageView(o.Id, Describe(o.Kind), o.StartsAt, o.EndsAt))
                .Concat(_armed.Select(a => new OutageView(a.Id, Describe(a.Kind), null, null, a.Remaining)))
                .ToList();
        }
    }

    /// <summary>Ends every outage, current, scheduled and armed, and releases held requests.</summary>
    public int EndAll()
    {
        var now = _time.GetUtcNow();
        List<Outage> ended;
        int disarmed;
        lock (_gate)
        {
            ended = [.. _outages];
            _outages.Clear();
            disarmed = _armed.Count;
            _armed.Clear();
        }

        foreach (var outage in ended)
        {
            outage.End(now);
            outage.Dispose();
        }

        return ended.Count + disarmed;
    }

    private Outage Add(string? id, OutageKind kind, TimeSpan startIn, TimeSpan duration)
    {
        var now = _time.GetUtcNow();
        var startsAt = now + startIn;
        Outage outage;
        lock (_gate)
        {
            if (id is null)
            {
                _sequence++;
            }

            outage = new Outage(id ?? $"outage-{_sequence}", kind, startsAt, startsAt + duration);
            _outages.Add(outage);
        }

        outage.ScheduleEnd(_time);
        return outage;
    }

    internal void OnRequestHeld() => RequestHeld?.Invoke(this, EventArgs.Empty);

    public static string Describe(OutageKind kind) => kind switch
    {
        OutageKind.Unavailable => "unavailable",
        OutageKind.Refuse => "refuse",
        OutageKind.Hang => "hang",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? text, out OutageKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "unavailable":
                kind = OutageKind.Unavailable;
                return true;
            case "refuse":
                kind = OutageKind.Refuse;
                return true;
            case "hang":
                kind = OutageKind.Hang;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}

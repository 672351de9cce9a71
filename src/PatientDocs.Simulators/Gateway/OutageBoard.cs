namespace PatientDocs.Simulators.Gateway;

/// <summary>The outages of one simulated service, on demand and scheduled; durations are already scaled by the caller.</summary>
public sealed class OutageBoard
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<Outage> _outages = [];
    private int _sequence;

    public OutageBoard(TimeProvider time) => _time = time;

    /// <summary>Raised when a request starts being held by a hang outage (a test seam: no sleeping to wait for it).</summary>
    public event EventHandler? RequestHeld;

    public Outage Add(OutageKind kind, TimeSpan startIn, TimeSpan duration)
    {
        var now = _time.GetUtcNow();
        var startsAt = now + startIn;
        Outage outage;
        lock (_gate)
        {
            _sequence++;
            outage = new Outage($"outage-{_sequence}", kind, startsAt, startsAt + duration);
            _outages.Add(outage);
        }

        outage.ScheduleEnd(_time);
        return outage;
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
            return _outages.Select(o => new OutageView(o.Id, Describe(o.Kind), o.StartsAt, o.EndsAt)).ToList();
        }
    }

    /// <summary>Ends every outage, current and future, and releases held requests.</summary>
    public int EndAll()
    {
        var now = _time.GetUtcNow();
        List<Outage> ended;
        lock (_gate)
        {
            ended = [.. _outages];
            _outages.Clear();
        }

        foreach (var outage in ended)
        {
            outage.End(now);
            outage.Dispose();
        }

        return ended.Count;
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

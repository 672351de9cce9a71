using System.Globalization;

namespace PatientDocs.Simulators.Gateway;

/// <summary>
/// A strict sliding-window limit on tokens, as an LLM service keeps one: a request arriving at <c>now</c> reserves its
/// prompt plus its maximum completion, and is admitted only if the tokens charged by the arrivals in (now - period, now]
/// plus that reservation are at most <see cref="Tokens"/>; its answer corrects the charge to the tokens it used. A refused
/// request charges nothing and counts as a violation.
/// </summary>
public sealed class TokenWindowLimit
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _period;
    private readonly Queue<TokenReservation> _log = new();
    private long _requests;
    private long _violations;
    private long _maxInWindow;

    public TokenWindowLimit(string name, long tokens, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        Name = name;
        Tokens = tokens;
        Period = period;
        _time = time;
        _period = Math.Max(1, (long)Math.Ceiling(period.TotalSeconds * time.TimestampFrequency));
    }

    public string Name { get; }

    public long Tokens { get; }

    /// <summary>The effective (already time-scaled) period.</summary>
    public TimeSpan Period { get; }

    /// <summary>Charges <paramref name="tokens"/> now, or refuses them (null reservation) with when they would fit.</summary>
    public (TokenReservation? Reservation, LimitRefusal? Refusal) Reserve(long tokens)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Trim(now);
            _requests++;
            var inWindow = _log.Sum(r => r.Tokens);
            if (inWindow + tokens <= Tokens)
            {
                var reservation = new TokenReservation(now, tokens);
                _log.Enqueue(reservation);
                _maxInWindow = Math.Max(_maxInWindow, inWindow + tokens);
                return (reservation, null);
            }

            _violations++;
            return (null, new LimitRefusal(WaitFor(now, inWindow + tokens - Tokens, tokens), Describe(tokens, inWindow)));
        }
    }

    /// <summary>The answer's usage replaces the reservation; the arrival time stays what the window counts from.</summary>
    public void Correct(TokenReservation reservation, long usedTokens)
    {
        lock (_gate)
        {
            reservation.Tokens = Math.Max(0, usedTokens);
        }
    }

    /// <summary>Requests counted, violations, the most tokens any window held, and the tokens in the window now.</summary>
    public LimitStats Snapshot()
    {
        lock (_gate)
        {
            Trim(_time.GetTimestamp());
            return new LimitStats(Clamp(Tokens), Period.TotalSeconds, _requests, _violations, Clamp(_maxInWindow), Clamp(_log.Sum(r => r.Tokens)));
        }
    }

    public void ResetCounters()
    {
        lock (_gate)
        {
            Trim(_time.GetTimestamp());
            _requests = 0;
            _violations = 0;
            _maxInWindow = _log.Sum(r => r.Tokens);
        }
    }

    private TimeSpan WaitFor(long now, long excess, long tokens)
    {
        if (tokens > Tokens)
        {
            return Period;
        }

        foreach (var reservation in _log)
        {
            excess -= reservation.Tokens;
            if (excess <= 0)
            {
                var wait = reservation.ArrivedAt + _period - now;
                return TimeSpan.FromTicks((long)Math.Ceiling(wait * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));
            }
        }

        return Period;
    }

    private string Describe(long tokens, long inWindow) => string.Create(
        CultureInfo.InvariantCulture,
        $"Limit '{Name}' allows {Tokens} tokens per {Period.TotalSeconds} s; {inWindow} are in the window and this request reserves {tokens}.");

    private void Trim(long now)
    {
        var horizon = now - _period;
        while (_log.Count > 0 && _log.Peek().ArrivedAt <= horizon)
        {
            _log.Dequeue();
        }
    }

    private static int Clamp(long value) => (int)Math.Min(int.MaxValue, value);
}

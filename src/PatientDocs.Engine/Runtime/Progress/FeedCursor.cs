using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// A node's place in the global journal feed. Positions are taken when a record is inserted but become visible when its
/// transaction commits, so on PostgreSQL a higher position can be read before a lower one: the cursor holds back behind
/// a missing position until it shows up or has been missing for the gap timeout (a rolled-back transaction's position
/// never fills). Not thread-safe: one poller owns it.
/// </summary>
public sealed class FeedCursor(long position, TimeSpan gapTimeout)
{
    // (highest position seen, when first seen): a position missing below it has been missing since then at least.
    private readonly List<(long UpTo, DateTimeOffset At)> _seen = [];

    /// <summary>Every position up to here was handed out (or passed as a gap that timed out).</summary>
    public long Position { get; private set; } = position;

    /// <summary>The highest position read so far.</summary>
    public long HighestSeen { get; private set; } = position;

    /// <summary>When the oldest missing position the cursor waits behind will be given up; null when it waits for none.</summary>
    public DateTimeOffset? NextGapExpiry =>
        Position < HighestSeen && _seen.FirstOrDefault(s => s.UpTo > Position) is { At: var at } && at != default ? at + gapTimeout : null;

    /// <summary>Takes the records read after <see cref="Position"/> (in position order) and returns those now ready, in order.</summary>
    public IReadOnlyList<JournalFeedEntry> Advance(IReadOnlyList<JournalFeedEntry> rows, DateTimeOffset now)
    {
        if (rows.Count > 0 && rows[^1].Record.Position > HighestSeen)
        {
            HighestSeen = rows[^1].Record.Position;
            _seen.Add((HighestSeen, now));
        }

        var expiredUpTo = Position;
        foreach (var (upTo, at) in _seen)
        {
            if (now - at >= gapTimeout)
            {
                expiredUpTo = Math.Max(expiredUpTo, upTo);
            }
        }

        var ready = new List<JournalFeedEntry>();
        var expected = Position + 1;
        var blocked = false;
        foreach (var row in rows)
        {
            var position = row.Record.Position;
            if (position < expected)
            {
                continue;
            }

            if (position > expected)
            {
                if (expiredUpTo < position - 1)
                {
                    expected = Math.Max(expected, expiredUpTo + 1);
                    blocked = true;
                    break;
                }

                expected = position;
            }

            ready.Add(row);
            expected = position + 1;
        }

        // Records seen before and gone now (their instance was deleted) leave gaps with nothing after them.
        if (!blocked && expected <= HighestSeen && expiredUpTo >= expected)
        {
            expected = Math.Min(expiredUpTo, HighestSeen) + 1;
        }

        Position = expected - 1;
        _seen.RemoveAll(s => s.UpTo <= Position);
        return ready;
    }
}

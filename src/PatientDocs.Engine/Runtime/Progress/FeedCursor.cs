using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// A node's place in the global journal feed. Positions are taken when a record is inserted but become visible when its
/// transaction commits, so a higher position can be read before a lower one: the cursor hands out rows only up to the
/// stable head (<see cref="StableHead"/>), below which every position is committed or never will be, so a gap there is
/// final. Not thread-safe: one poller owns it.
/// </summary>
public sealed class FeedCursor(long position)
{
    /// <summary>Every position up to here was handed out (or is a gap that never fills).</summary>
    public long Position { get; private set; } = position;

    /// <summary>The highest position read so far.</summary>
    public long HighestSeen { get; private set; } = position;

    /// <summary>
    /// Takes the rows read after <see cref="Position"/> (in position order, at most <paramref name="batchSize"/>, read after
    /// <paramref name="stableUpTo"/> was established) and returns those up to it, in order.
    /// </summary>
    public IReadOnlyList<JournalFeedEntry> Advance(IReadOnlyList<JournalFeedEntry> rows, long stableUpTo, int batchSize)
    {
        if (rows.Count > 0 && rows[^1].Record.Position > HighestSeen)
        {
            HighestSeen = rows[^1].Record.Position;
        }

        var ready = rows.Where(r => r.Record.Position > Position && r.Record.Position <= stableUpTo).ToList();

        // A short read, or one that reached past the stable head, saw every position up to it.
        var sawAll = rows.Count < batchSize || rows[^1].Record.Position >= stableUpTo;
        Position = sawAll ? Math.Max(Position, stableUpTo) : Math.Max(Position, rows[^1].Record.Position);
        return ready;
    }
}

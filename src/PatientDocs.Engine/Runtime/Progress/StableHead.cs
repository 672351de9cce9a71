using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// The highest journal position below which nothing more can commit. Each mark records the head and the write
/// transactions open just after it was read; once all of those have ended, every position up to that head is final.
/// Stores that commit in position order report no open transactions, so their head is stable at once. Not thread-safe.
/// </summary>
public sealed class StableHead
{
    // Bounded: under a long-held transaction marks pile up; the oldest unconfirmed ones are enough to advance later.
    private const int MaxPending = 64;
    private readonly List<JournalMark> _pending = [];

    /// <summary>Every position up to here is committed or never will be.</summary>
    public long Position { get; private set; }

    /// <summary>Whether a head was confirmed yet.</summary>
    public bool Known { get; private set; }

    /// <summary>Takes a new mark and confirms the earlier ones whose transactions have all ended; returns the stable head.</summary>
    public Task<long> AdvanceAsync(IWorkflowStore store, CancellationToken cancellationToken) =>
        AdvanceAsync(store.MarkJournalAsync, cancellationToken);

    /// <summary>The same, with the mark taken by <paramref name="markJournal"/> (the store's <see cref="IWorkflowStore.MarkJournalAsync"/>).</summary>
    public async Task<long> AdvanceAsync(Func<IReadOnlyList<long>, CancellationToken, Task<JournalMark>> markJournal, CancellationToken cancellationToken)
    {
        var asking = _pending.SelectMany(m => m.OpenTransactions).Distinct().ToList();
        var mark = await markJournal(asking, cancellationToken).ConfigureAwait(false);
        var stillOpen = mark.StillOpen.ToHashSet();
        foreach (var confirmed in _pending.Where(m => !m.OpenTransactions.Any(stillOpen.Contains)).ToList())
        {
            Raise(confirmed.Head);
        }

        _pending.RemoveAll(m => m.Head <= Position || !m.OpenTransactions.Any(stillOpen.Contains));
        if (mark.OpenTransactions.Count == 0)
        {
            Raise(mark.Head);
            _pending.Clear();
        }
        else if (mark.Head > Position && (_pending.Count == 0 || mark.Head > _pending[^1].Head) && _pending.Count < MaxPending)
        {
            _pending.Add(mark);
        }

        return Position;
    }

    private void Raise(long head)
    {
        Position = Known ? Math.Max(Position, head) : head;
        Known = true;
    }
}

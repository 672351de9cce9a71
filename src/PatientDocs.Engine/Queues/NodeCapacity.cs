using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace PatientDocs.Engine.Queues;

/// <summary>
/// What one node may run at once on each queue: its slots (tasks) and its budget (weight units, for example MB of memory),
/// as .NET <see cref="ConcurrencyLimiter"/>s. The task worker takes a slot and the task's weight before it starts an
/// attempt and gives both back when the attempt ends; a user's own code on this node (a handler that converts outside a
/// workflow, a diagnostics page) can draw on the same limiters and is then counted against the same slots and budget.
/// Unlike the durable limits these are per node and in memory: they guard this machine's cores and memory.
/// </summary>
public sealed class NodeCapacity : IDisposable
{
    private readonly TaskQueueCatalog _catalog;
    private readonly ConcurrentDictionary<string, QueueCapacity> _queues = new(StringComparer.OrdinalIgnoreCase);

    public NodeCapacity(TaskQueueCatalog catalog) => _catalog = catalog;

    /// <summary>The queue's slots: one permit per running task. Waiters queue oldest first.</summary>
    public RateLimiter Slots(string queue) => For(_catalog.Resolve(queue)).Slots;

    /// <summary>The queue's budget in weight units, or null when the queue has none.</summary>
    public RateLimiter? Budget(string queue) => For(_catalog.Resolve(queue)).Budget;

    /// <summary>Free slots of <paramref name="queue"/> and what is left of its budget (null: no budget).</summary>
    public (int FreeSlots, long? BudgetLeft) Available(ResolvedQueue queue)
    {
        var capacity = For(queue);
        return (Free(capacity.Slots), capacity.Budget is { } budget ? Free(budget) : null);
    }

    /// <summary>
    /// Takes one slot and <paramref name="weight"/> units of budget, or nothing: null when either is not free now.
    /// Disposing the lease gives both back.
    /// </summary>
    public RateLimitLease? TryTake(ResolvedQueue queue, long weight)
    {
        var capacity = For(queue);
        if (capacity.Budget is { } b && weight > 0 && Units(weight, capacity) > Free(b))
        {
            return null;
        }

        var slot = capacity.Slots.AttemptAcquire(1);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            return null;
        }

        // A weightless task holds no budget (a ConcurrencyLimiter answers a zero-permit request with "is any left").
        if (capacity.Budget is not { } budget || weight <= 0)
        {
            return slot;
        }

        var held = budget.AttemptAcquire(Units(weight, capacity));
        if (!held.IsAcquired)
        {
            held.Dispose();
            slot.Dispose();
            return null;
        }

        return new PairLease(slot, held);
    }

    /// <summary>
    /// Takes one slot and <paramref name="weight"/> units of budget, waiting for them when they are not free: the worker
    /// claims only what <see cref="Available"/> reported, so it waits only when other code on this node drew on the same
    /// limiters in between. A weight above the whole budget holds the whole budget.
    /// </summary>
    public async ValueTask<RateLimitLease> TakeAsync(ResolvedQueue queue, long weight, CancellationToken cancellationToken)
    {
        if (TryTake(queue, weight) is { } now)
        {
            return now;
        }

        var capacity = For(queue);
        var slot = await capacity.Slots.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (capacity.Budget is not { } budget || weight <= 0)
        {
            return slot;
        }

        try
        {
            var held = await budget.AcquireAsync(Units(weight, capacity), cancellationToken).ConfigureAwait(false);
            return new PairLease(slot, held);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var capacity in _queues.Values)
        {
            capacity.Slots.Dispose();
            capacity.Budget?.Dispose();
        }
    }

    private QueueCapacity For(ResolvedQueue queue) => _queues.GetOrAdd(queue.Name, static (_, q) => new QueueCapacity(
        Limiter(q.Slots),
        q.Budget is { } budget ? Limiter(Clamp(budget)) : null,
        q.Budget is { } limit ? Clamp(limit) : 0), queue);

    private static int Clamp(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private static ConcurrencyLimiter Limiter(int permits) =>
        new(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });

    /// <summary>A weight in the limiter's units: never more than its whole limit, which it could never grant.</summary>
    private static int Units(long weight, QueueCapacity capacity) => (int)Math.Min(weight, capacity.BudgetLimit);

    private static int Free(RateLimiter limiter) => (int)(limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    private sealed record QueueCapacity(ConcurrencyLimiter Slots, ConcurrencyLimiter? Budget, int BudgetLimit);

    /// <summary>A slot and its budget, given back together.</summary>
    private sealed class PairLease(RateLimitLease slot, RateLimitLease budget) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                budget.Dispose();
                slot.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

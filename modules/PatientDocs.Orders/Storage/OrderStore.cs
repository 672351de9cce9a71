using System.Data;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence;

namespace PatientDocs.Orders.Storage;

/// <summary>
/// Every read and write of the module's tables. State changes are conditional updates, each in one transaction with the
/// event it records, so a retried or replayed step changes nothing the second time and an API call racing a step is
/// decided by the database.
/// </summary>
public sealed partial class OrderStore(IDbContextFactory<OrdersDbContext> contexts, StoreWriteGate writes, TimeProvider time)
{
    public async Task<OrderRow?> FindAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
    }

    public async Task<PaymentRow?> FindPaymentAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.OrderId == orderId, cancellationToken);
    }

    /// <summary>
    /// The order, its payment and its events as of one moment: a step commits its state and its event together, and the
    /// view must not show one without the other when a step commits between the reads.
    /// </summary>
    public async Task<(OrderRow Order, PaymentRow? Payment, IReadOnlyList<OrderEventRow> Events)?> ReadViewAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One snapshot for the three reads. PostgreSQL: REPEATABLE READ. SQLite: a deferred BEGIN, which Microsoft.Data.Sqlite
        // opens for ReadUncommitted (its default, BEGIN IMMEDIATE, would take the write lock for a read).
        var isolation = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true ? IsolationLevel.ReadUncommitted : IsolationLevel.RepeatableRead;
        await using var transaction = await db.Database.BeginTransactionAsync(isolation, cancellationToken);
        if (await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken) is not { } order)
        {
            return null;
        }

        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.OrderId == orderId, cancellationToken);
        var events = await db.Events.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (order, payment, events);
    }

    /// <summary>Inserts a new order with its <c>order-received</c> event; false when the order id exists already.</summary>
    public async Task<bool> InsertAsync(OrderRow order, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        var db = write.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO orders (order_id, instance_id, customer_id, request, items, amount, payment_token, address, state, created_at, updated_at)
            VALUES ({order.OrderId}, {order.InstanceId}, {order.CustomerId}, {order.Request}, {order.Items}, {order.Amount}, {order.PaymentToken},
                    {order.Address}, {OrderStates.Received}, {Ms(order.CreatedAt)}, {Ms(order.CreatedAt)})
            ON CONFLICT (order_id) DO NOTHING
            """,
            cancellationToken);
        if (inserted == 1)
        {
            await RecordAsync(db, order.OrderId, "order-received", "order-received", null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted == 1;
    }

    /// <summary>Records an event once per key (a retried step writes nothing new).</summary>
    public async Task RecordAsync(string orderId, string type, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        var db = write.Db;
        await RecordAsync(db, orderId, type, type, null, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="update"/> and, when it changed a row, records the event, in one transaction; returns the rows changed.
    /// </summary>
    private async Task<int> UpdateAndRecordAsync(string orderId, FormattableString update, string? eventKey, string? eventType, string? detail, CancellationToken cancellationToken)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        var db = write.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Database.ExecuteSqlInterpolatedAsync(update, cancellationToken);
        if (changed > 0 && eventType is not null)
        {
            await RecordAsync(db, orderId, eventKey ?? eventType, eventType, detail, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task RecordAsync(OrdersDbContext db, string orderId, string key, string type, string? detail, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO order_events (order_id, event_key, type, at, detail) VALUES ({orderId}, {key}, {type}, {Now()}, {detail})
            ON CONFLICT (order_id, event_key) DO NOTHING
            """,
            cancellationToken);

    /// <summary>A context for one write, its connection open and the node's write turn taken (see <see cref="StoreWriteGate"/>).</summary>
    private async Task<Write> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new Write(db, await writes.EnterAsync(cancellationToken));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private sealed class Write(OrdersDbContext db, IDisposable? turn) : IAsyncDisposable
    {
        public OrdersDbContext Db { get; } = db;

        public async ValueTask DisposeAsync()
        {
            // The context first: its connection closes (and any open transaction rolls back) before the next writer's turn.
            await Db.DisposeAsync();
            turn?.Dispose();
        }
    }
}

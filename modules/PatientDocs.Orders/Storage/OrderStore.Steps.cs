using Microsoft.EntityFrameworkCore;

namespace PatientDocs.Orders.Storage;

/// <summary>The workflow's steps: each safe to repeat (a retry after a lost answer, a replay after a crash).</summary>
public sealed partial class OrderStore
{
    /// <summary>
    /// Moves a received order to validating; null when the row is not (yet) written. The row is looked for before the
    /// update: the start request writes it right after creating the instance, and a row written between an update that
    /// found nothing and the read after it was handed back still received, which ended the order failed at its review.
    /// </summary>
    public async Task<OrderRow?> BeginValidationAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(orderId, cancellationToken) is null)
        {
            return null;
        }

        await using (var write = await BeginWriteAsync(cancellationToken))
        {
            await write.Db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE orders SET state = {OrderStates.Validating}, updated_at = {Now()} WHERE order_id = {orderId} AND state = {OrderStates.Received}",
                cancellationToken);
        }

        return await FindAsync(orderId, cancellationToken);
    }

    /// <summary>Opens the review (records <c>review-requested</c>); true when an approval or a cancel already decided it.</summary>
    public async Task<bool> RequestReviewAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await UpdateAndRecordAsync(
            orderId,
            $"UPDATE orders SET state = {OrderStates.AwaitingApproval}, updated_at = {Now()} WHERE order_id = {orderId} AND state = {OrderStates.Validating}",
            null,
            "review-requested",
            null,
            cancellationToken);
        var order = await FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{orderId}' does not exist.");
        return order.CancelRequested || order.ApprovalRequested || order.State != OrderStates.AwaitingApproval;
    }

    /// <summary>
    /// Decides the review once the wait ended: a cancel wins, then an approval (state charging), else the deadline passed
    /// (state failed). Returns the port: Approved, Cancelled or TimedOut.
    /// </summary>
    public async Task<string> ConcludeReviewAsync(string orderId, string timeoutError, CancellationToken cancellationToken = default)
    {
        var approved = await UpdateAndRecordAsync(
            orderId,
            $"""
            UPDATE orders SET approved = TRUE, state = {OrderStates.Charging}, updated_at = {Now()}
            WHERE order_id = {orderId} AND state = {OrderStates.AwaitingApproval} AND approval_requested = TRUE AND cancel_requested = FALSE
            """,
            null,
            "order-approved",
            null,
            cancellationToken);
        if (approved == 0)
        {
            await UpdateAndRecordAsync(
                orderId,
                $"""
                UPDATE orders SET state = {OrderStates.Failed}, error = {timeoutError}, updated_at = {Now()}
                WHERE order_id = {orderId} AND state = {OrderStates.AwaitingApproval} AND approval_requested = FALSE AND cancel_requested = FALSE
                """,
                null,
                "review-timed-out",
                null,
                cancellationToken);
        }

        var order = await FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{orderId}' does not exist.");
        return order.CancelRequested && !order.Approved ? "Cancelled" : order.Approved ? "Approved" : "TimedOut";
    }

    /// <summary>Counts a charge attempt and fixes the payment id at the first; returns the order as it is now.</summary>
    public async Task<OrderRow> BeginChargeAsync(string orderId, string paymentId, CancellationToken cancellationToken = default)
    {
        await using (var write = await BeginWriteAsync(cancellationToken))
        {
            await write.Db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                UPDATE orders SET payment_id = COALESCE(payment_id, {paymentId}), payment_attempts = payment_attempts + 1, updated_at = {Now()}
                WHERE order_id = {orderId}
                """,
                cancellationToken);
        }

        return await FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{orderId}' does not exist.");
    }

    /// <summary>
    /// The provider's answer and the payments row in one transaction: the unique payment id makes a second answer for the
    /// same charge a no-op, and a decline fails the order at once. Returns the payment as recorded.
    /// </summary>
    public async Task<PaymentRow> RecordChargeAsync(string orderId, string paymentId, decimal amount, bool charged, string? reference, string declineError, CancellationToken cancellationToken = default)
    {
        var status = charged ? OrderStates.PaymentCharged : OrderStates.PaymentDeclined;
        await using (var write = await BeginWriteAsync(cancellationToken))
        {
            var db = write.Db;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = Now();
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO payments (payment_id, order_id, amount, status, provider_reference, created_at, updated_at)
                VALUES ({paymentId}, {orderId}, {amount}, {status}, {reference}, {now}, {now})
                ON CONFLICT DO NOTHING
                """,
                cancellationToken);
            if (inserted == 1)
            {
                await RecordAsync(db, orderId, charged ? "payment-charged" : "payment-declined", charged ? "payment-charged" : "payment-declined", paymentId, cancellationToken);
                if (!charged)
                {
                    await db.Database.ExecuteSqlInterpolatedAsync(
                        $"UPDATE orders SET state = {OrderStates.Failed}, error = {declineError}, updated_at = {now} WHERE order_id = {orderId} AND state = {OrderStates.Charging}",
                        cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return await FindPaymentAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"The payment of order '{orderId}' was not recorded.");
    }

    /// <summary>Marks a charged payment refunded with its <c>payment-refunded</c> event; false when it was not charged (any more).</summary>
    public async Task<bool> RecordRefundAsync(string orderId, string paymentId, CancellationToken cancellationToken = default) =>
        await UpdateAndRecordAsync(
            orderId,
            $"UPDATE payments SET status = {OrderStates.PaymentRefunded}, updated_at = {Now()} WHERE payment_id = {paymentId} AND status = {OrderStates.PaymentCharged}",
            null,
            "payment-refunded",
            paymentId,
            cancellationToken) == 1;

    /// <summary>Charging → shipping unless a cancel came first; true when the order is (now) shipping.</summary>
    public async Task<bool> StartShippingAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await UpdateAndRecordAsync(
            orderId,
            $"""
            UPDATE orders SET state = {OrderStates.Shipping}, shipping_state = {OrderStates.ShippingPreparing}, updated_at = {Now()}
            WHERE order_id = {orderId} AND state = {OrderStates.Charging} AND cancel_requested = FALSE
            """,
            null,
            "shipping-started",
            null,
            cancellationToken);
        var order = await FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{orderId}' does not exist.");
        return order.State == OrderStates.Shipping;
    }

    public async Task SetShippingInstanceAsync(string orderId, string instanceId, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        await write.Db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE orders SET shipping_instance_id = {instanceId}, updated_at = {Now()} WHERE order_id = {orderId}",
            cancellationToken);
    }

    /// <summary>
    /// Claims the order for the carrier call unless a cancel came first (then shipping is marked cancelled). Returns the
    /// order; its shipping state says what happened: dispatching (claimed), or an earlier end.
    /// </summary>
    public async Task<OrderRow> ClaimDispatchAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using (var write = await BeginWriteAsync(cancellationToken))
        {
            var db = write.Db;
            var now = Now();
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                UPDATE orders SET shipping_state = {OrderStates.ShippingDispatching}, updated_at = {now}
                WHERE order_id = {orderId} AND shipping_state = {OrderStates.ShippingPreparing} AND cancel_requested = FALSE
                """,
                cancellationToken);
            if (claimed == 0)
            {
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""
                    UPDATE orders SET shipping_state = {OrderStates.ShippingCancelled}, updated_at = {now}
                    WHERE order_id = {orderId} AND shipping_state = {OrderStates.ShippingPreparing} AND cancel_requested = TRUE
                    """,
                    cancellationToken);
            }
        }

        return await FindAsync(orderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{orderId}' does not exist.");
    }

    /// <summary>The carrier's answer: dispatched with a tracking id, or refused for good.</summary>
    public Task RecordDispatchAsync(string orderId, string? trackingId, string? error, CancellationToken cancellationToken = default) =>
        trackingId is not null
            ? UpdateAndRecordAsync(
                orderId,
                $"""
                UPDATE orders SET shipping_state = {OrderStates.ShippingDispatched}, tracking_id = {trackingId}, updated_at = {Now()}
                WHERE order_id = {orderId} AND shipping_state = {OrderStates.ShippingDispatching}
                """,
                null,
                "carrier-dispatched",
                trackingId,
                cancellationToken)
            : UpdateAndRecordAsync(
                orderId,
                $"""
                UPDATE orders SET shipping_state = {OrderStates.ShippingFailed}, error = {error}, updated_at = {Now()}
                WHERE order_id = {orderId} AND shipping_state = {OrderStates.ShippingDispatching}
                """,
                null,
                "shipping-failed",
                error,
                cancellationToken);

    /// <summary>
    /// Ends the order in <paramref name="outcome"/> (a state the review or the charge may have set already) with
    /// <c>order-completed</c> or <c>order-failed</c>; a cancel's event was recorded when it was accepted.
    /// </summary>
    public async Task FinishAsync(string orderId, string outcome, string? error, CancellationToken cancellationToken = default)
    {
        var eventType = outcome switch
        {
            OrderStates.Completed => "order-completed",
            OrderStates.Failed => "order-failed",
            _ => null,
        };
        await UpdateAndRecordAsync(
            orderId,
            $"""
            UPDATE orders SET state = {outcome}, error = COALESCE(error, {error}), updated_at = {Now()}
            WHERE order_id = {orderId} AND (state = {outcome} OR state NOT IN ({OrderStates.Completed}, {OrderStates.Cancelled}, {OrderStates.Failed}))
            """,
            null,
            eventType,
            error,
            cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;

namespace PatientDocs.Orders.Storage;

/// <summary>The API's signals: each a conditional update that the database decides against the workflow's own steps.</summary>
public sealed partial class OrderStore
{
    /// <summary>
    /// Approval while under review wakes the waiting workflow; before review it is kept for the review to find; after, or
    /// once a cancel was accepted, it is refused. States only move forward, so the review state is tried again last.
    /// </summary>
    public async Task<SignalResult> RequestApprovalAsync(string orderId, CancellationToken cancellationToken = default)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            if (await SetApprovalRequestedAsync(orderId, OrderStates.AwaitingApproval, OrderStates.AwaitingApproval, cancellationToken) == 1)
            {
                return SignalResult.AcceptedWake;
            }

            if (pass == 0 && await SetApprovalRequestedAsync(orderId, OrderStates.Received, OrderStates.Validating, cancellationToken) == 1)
            {
                return SignalResult.Accepted;
            }
        }

        return await FindAsync(orderId, cancellationToken) is null ? SignalResult.NotFound : SignalResult.Conflict;
    }

    /// <summary>A cancel is accepted until the carrier call claims the order; the first one records <c>order-cancelled</c>.</summary>
    public async Task<SignalResult> RequestCancelAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var changed = await UpdateAndRecordAsync(
            orderId,
            $"""
            UPDATE orders SET cancel_requested = TRUE, updated_at = {Now()}
            WHERE order_id = {orderId}
              AND state IN ({OrderStates.Received}, {OrderStates.Validating}, {OrderStates.AwaitingApproval}, {OrderStates.Charging}, {OrderStates.Shipping})
              AND shipping_state IN ({OrderStates.ShippingNone}, {OrderStates.ShippingPreparing})
            """,
            "order-cancelled",
            "order-cancelled",
            null,
            cancellationToken);
        if (changed == 1)
        {
            return SignalResult.AcceptedWake;
        }

        return await FindAsync(orderId, cancellationToken) is null ? SignalResult.NotFound : SignalResult.Conflict;
    }

    /// <summary>The address may change until shipping starts; the carrier call reads the latest one.</summary>
    public async Task<SignalResult> UpdateAddressAsync(string orderId, string addressJson, CancellationToken cancellationToken = default)
    {
        var changed = await UpdateAndRecordAsync(
            orderId,
            $"""
            UPDATE orders SET address = {addressJson}, updated_at = {Now()}
            WHERE order_id = {orderId} AND cancel_requested = FALSE
              AND state IN ({OrderStates.Received}, {OrderStates.Validating}, {OrderStates.AwaitingApproval}, {OrderStates.Charging})
            """,
            "address-updated:" + Guid.NewGuid().ToString("N"),
            "address-updated",
            addressJson,
            cancellationToken);
        if (changed == 1)
        {
            return SignalResult.Accepted;
        }

        return await FindAsync(orderId, cancellationToken) is null ? SignalResult.NotFound : SignalResult.Conflict;
    }

    private async Task<int> SetApprovalRequestedAsync(string orderId, string state1, string state2, CancellationToken cancellationToken)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        var db = write.Db;
        return await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE orders SET approval_requested = TRUE, updated_at = {Now()}
            WHERE order_id = {orderId} AND cancel_requested = FALSE AND state IN ({state1}, {state2})
            """,
            cancellationToken);
    }
}

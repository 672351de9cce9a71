using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

/// <summary>Claims the order for the carrier (from then on a cancel is refused) and sends the parcel to the latest address.</summary>
[Activity(OrdersModule.Namespace, "DispatchCarrier", Category = OrdersModule.Category, DisplayName = "Dispatch carrier",
    Description = "Hands the parcel to the carrier at the order's latest address: Dispatched (carrier-dispatched), Failed (shipping-failed) or Cancelled.", Kind = ActivityKind.Task,
    Ports = ["Dispatched", "Failed", "Cancelled"])]
public sealed class DispatchCarrier : OrderTask
{
    public override string Queue => OrdersModule.ShippingQueue;

    [Output(Description = "The carrier's tracking id, once dispatched.")]
    public string? TrackingId { get; set; }

    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        var order = await orders.ClaimDispatchAsync(OrderId, cancellationToken);
        switch (order.ShippingState)
        {
            case OrderStates.ShippingDispatched:
                TrackingId = order.TrackingId;
                return TaskOutcome.Completed("Dispatched");
            case OrderStates.ShippingFailed:
                return TaskOutcome.Completed("Failed");
            case OrderStates.ShippingCancelled:
                return TaskOutcome.Completed("Cancelled");
            case OrderStates.ShippingDispatching:
                break;
            default:
                return TaskOutcome.Permanent($"Order '{OrderId}' is not ready for dispatch (shipping state {order.ShippingState}).");
        }

        var line1 = (JsonNode.Parse(order.Address)?["line1"]?.GetValue<string>()) ?? "";
        try
        {
            TrackingId = await stubs.DispatchAsync(OrderId, line1, cancellationToken);
        }
        catch (CarrierRefusedException ex)
        {
            await orders.RecordDispatchAsync(OrderId, null, ex.Message, cancellationToken);
            return TaskOutcome.Completed("Failed");
        }

        cancellationToken.ThrowIfCancellationRequested();
        await orders.RecordDispatchAsync(OrderId, TrackingId, null, cancellationToken);
        return TaskOutcome.Completed("Dispatched");
    }
}

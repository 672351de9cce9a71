using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

[Activity(OrdersModule.Namespace, "CompleteShipping", Category = OrdersModule.Category, DisplayName = "Read shipping outcome",
    Description = "Follows the shipping child's outcome as the orders table records it: Dispatched, Failed or Cancelled.", Kind = ActivityKind.Task,
    Ports = ["Dispatched", "Failed", "Cancelled"])]
public sealed class CompleteShipping : OrderTask
{
    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(OrderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{OrderId}' does not exist.");
        return order.ShippingState switch
        {
            OrderStates.ShippingDispatched => TaskOutcome.Completed("Dispatched"),
            OrderStates.ShippingFailed => TaskOutcome.Completed("Failed"),
            OrderStates.ShippingCancelled => TaskOutcome.Completed("Cancelled"),
            _ => TaskOutcome.Permanent($"The shipping of order '{OrderId}' ended in state {order.ShippingState}."),
        };
    }
}

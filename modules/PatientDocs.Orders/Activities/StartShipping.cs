using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

[Activity(OrdersModule.Namespace, "StartShipping", Category = OrdersModule.Category, DisplayName = "Start shipping",
    Description = "Moves the order to shipping (shipping-started), from when the address is fixed; Cancelled when a cancel came first.", Kind = ActivityKind.Task,
    Ports = ["Started", "Cancelled"])]
public sealed class StartShipping : OrderTask
{
    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken) =>
        TaskOutcome.Completed(await orders.StartShippingAsync(OrderId, cancellationToken) ? "Started" : "Cancelled");
}

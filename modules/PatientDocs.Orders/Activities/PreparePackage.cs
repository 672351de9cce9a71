using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

[Activity(OrdersModule.Namespace, "PreparePackage", Category = OrdersModule.Category, DisplayName = "Prepare package",
    Description = "Prepares the parcel (package-prepared); records the shipping instance on the order.", Kind = ActivityKind.Task)]
public sealed class PreparePackage : OrderTask
{
    public override string Queue => OrdersModule.ShippingQueue;

    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        await orders.SetShippingInstanceAsync(OrderId, context.InstanceId, cancellationToken);
        await stubs.PrepareAsync(cancellationToken);
        await orders.RecordAsync(OrderId, "package-prepared", cancellationToken);
        return TaskOutcome.Completed();
    }
}

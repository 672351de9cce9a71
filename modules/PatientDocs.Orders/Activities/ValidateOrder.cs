using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

[Activity(OrdersModule.Namespace, "ValidateOrder", Category = OrdersModule.Category, DisplayName = "Validate order",
    Description = "Validates the order with the order service and records order-validated.", Kind = ActivityKind.Task)]
public sealed class ValidateOrder : OrderTask
{
    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        var order = await orders.BeginValidationAsync(OrderId, cancellationToken);
        if (order is null)
        {
            // The start request writes the row right after creating the instance: a first attempt may come before it.
            return TaskOutcome.Transient($"Order '{OrderId}' is not recorded yet.");
        }

        if (order.InstanceId != context.InstanceId)
        {
            return TaskOutcome.Permanent($"Order '{OrderId}' belongs to instance {order.InstanceId}, not {context.InstanceId}.");
        }

        await stubs.ValidateAsync(cancellationToken);
        await orders.RecordAsync(OrderId, "order-validated", cancellationToken);
        return TaskOutcome.Completed();
    }
}

using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

[Activity(OrdersModule.Namespace, "FinishOrder", Category = OrdersModule.Category, DisplayName = "Finish order",
    Description = "Ends the order: completed (order-completed), failed (order-failed, with the error) or cancelled.", Kind = ActivityKind.Task)]
public sealed class FinishOrder : OrderTask
{
    [Input(Description = "The final state.", UIHint = "dropdown", Options = [OrderStates.Completed, OrderStates.Failed, OrderStates.Cancelled], DefaultValue = OrderStates.Completed, Order = 1)]
    public string Outcome { get; set; } = OrderStates.Completed;

    [Input(Description = "Why the order failed, when it did.", Order = 2)]
    public string? Error { get; set; }

    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        if (Outcome is not (OrderStates.Completed or OrderStates.Failed or OrderStates.Cancelled))
        {
            return TaskOutcome.Permanent($"FinishOrder's outcome must be completed, failed or cancelled (was '{Outcome}').");
        }

        await orders.FinishAsync(OrderId, Outcome, string.IsNullOrWhiteSpace(Error) ? null : Error, cancellationToken);
        return TaskOutcome.Completed();
    }
}

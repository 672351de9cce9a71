using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

/// <summary>A step of an order: its order id, the store and the stubs, and the stubs' failures turned into outcomes.</summary>
public abstract class OrderTask : TaskActivity
{
    [Input(DisplayName = "Order Id", Description = "The order's id (the workflow's orderId input).", Order = 0)]
    public string OrderId { get; set; } = "";

    public override string Queue => OrdersModule.Queue;

    public sealed override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(OrderId))
        {
            return TaskOutcome.Permanent($"{GetType().Name} needs the input orderId.");
        }

        try
        {
            return await RunAsync(context, context.Services.GetRequiredService<OrderStore>(), context.Services.GetRequiredService<OrderStubs>(), cancellationToken);
        }
        catch (StubFailureException ex)
        {
            return TaskOutcome.Transient(ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            return TaskOutcome.Permanent(ex.Message);
        }
    }

    protected abstract ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken);
}

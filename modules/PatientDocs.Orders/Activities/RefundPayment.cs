using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

/// <summary>Compensation: refunds a charged payment once (the payments row's status), and does nothing when nothing was charged.</summary>
[Activity(OrdersModule.Namespace, "RefundPayment", Category = OrdersModule.Category, DisplayName = "Refund payment",
    Description = "Refunds the order's payment if it was charged (payment-refunded, once).", Kind = ActivityKind.Task)]
public sealed class RefundPayment : OrderTask
{
    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        var payment = await orders.FindPaymentAsync(OrderId, cancellationToken);
        if (payment?.Status != OrderStates.PaymentCharged)
        {
            return TaskOutcome.Completed();
        }

        await stubs.RefundAsync(payment.PaymentId, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await orders.RecordRefundAsync(OrderId, payment.PaymentId, cancellationToken);
        return TaskOutcome.Completed();
    }
}

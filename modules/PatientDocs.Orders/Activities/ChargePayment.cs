using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

/// <summary>
/// Charges once per order: the payment id is the order's, a recorded payment is answered from the table without calling the
/// provider, and the provider's answer is written with the payments row in one transaction.
/// </summary>
[Activity(OrdersModule.Namespace, "ChargePayment", Category = OrdersModule.Category, DisplayName = "Charge payment",
    Description = "Charges the order's amount once (payments table, unique payment id): Charged, Declined, or Cancelled when a cancel came first.", Kind = ActivityKind.Task,
    Ports = ["Charged", "Declined", "Cancelled"])]
public sealed class ChargePayment : OrderTask
{
    public const string DeclineError = "The payment was declined by the card issuer.";

    [Output(Description = "The payment id.")]
    public string? PaymentId { get; set; }

    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken)
    {
        var recorded = await orders.FindPaymentAsync(OrderId, cancellationToken);
        if (recorded is not null)
        {
            PaymentId = recorded.PaymentId;
            return TaskOutcome.Completed(recorded.Status == OrderStates.PaymentDeclined ? "Declined" : "Charged");
        }

        var order = await orders.FindAsync(OrderId, cancellationToken) ?? throw new KeyNotFoundException($"Order '{OrderId}' does not exist.");
        if (order.CancelRequested)
        {
            return TaskOutcome.Completed("Cancelled");
        }

        order = await orders.BeginChargeAsync(OrderId, "pay_" + OrderId, cancellationToken);
        PaymentId = order.PaymentId!;
        var answer = await stubs.ChargeAsync(PaymentId, order.Amount, order.PaymentToken, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var payment = await orders.RecordChargeAsync(OrderId, PaymentId, order.Amount, answer.Charged, answer.Reference, DeclineError, cancellationToken);
        return TaskOutcome.Completed(payment.Status == OrderStates.PaymentDeclined ? "Declined" : "Charged");
    }
}

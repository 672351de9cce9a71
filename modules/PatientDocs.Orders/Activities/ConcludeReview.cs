using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

[Activity(OrdersModule.Namespace, "ConcludeReview", Category = OrdersModule.Category, DisplayName = "Conclude review",
    Description = "Decides the review from the order's table: Cancelled, Approved (order-approved) or TimedOut (review-timed-out).", Kind = ActivityKind.Task,
    Ports = ["Approved", "Cancelled", "TimedOut"])]
public sealed class ConcludeReview : OrderTask
{
    public const string TimeoutError = "The review timed out: no approval before the deadline (review timed out).";

    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken) =>
        TaskOutcome.Completed(await orders.ConcludeReviewAsync(OrderId, TimeoutError, cancellationToken));
}

using PatientDocs.Engine.Activities;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;

namespace PatientDocs.Orders.Activities;

/// <summary>Runs beside the approve and cancel events, so a signal sent while it commits is either seen here or delivered there.</summary>
[Activity(OrdersModule.Namespace, "RequestReview", Category = OrdersModule.Category, DisplayName = "Request review",
    Description = "Puts the order under review (awaiting-approval); Decided when an approval or a cancel came before.", Kind = ActivityKind.Task,
    Ports = ["Waiting", "Decided"])]
public sealed class RequestReview : OrderTask
{
    protected override async ValueTask<TaskOutcome> RunAsync(TaskContext context, OrderStore orders, OrderStubs stubs, CancellationToken cancellationToken) =>
        TaskOutcome.Completed(await orders.RequestReviewAsync(OrderId, cancellationToken) ? "Decided" : "Waiting");
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.Orders.Hosting;
using PatientDocs.Orders.Storage;

namespace PatientDocs.Orders.Endpoints;

/// <summary>The order lifecycle API: start (idempotent by order id), approve, cancel, change the address, and the live status.</summary>
public static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orders", StartAsync);
        app.MapGet("/api/orders/{orderId}", GetAsync);
        app.MapPost("/api/orders/{orderId}/approve", ApproveAsync);
        app.MapPost("/api/orders/{orderId}/cancel", CancelAsync);
        app.MapPut("/api/orders/{orderId}/address", UpdateAddressAsync);
        return app;
    }

    private static async Task<Results<Accepted<OrderStarted>, Ok<OrderStarted>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpRequest request, OrderStore orders, WorkflowRuntime runtime, IOptions<OrdersOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body.Error is { } unreadable)
        {
            return unreadable;
        }

        var errors = OrderRequestValidator.ValidateStart(body.Node);
        if (errors.Count > 0)
        {
            return OrderProblems.Invalid(errors);
        }

        var order = (JsonObject)body.Node!;
        var orderId = order["orderId"]!.GetValue<string>();
        var canonical = CanonicalJson.From(order);
        if (await orders.FindAsync(orderId, cancellationToken) is { } existing)
        {
            return Repeated(existing, canonical);
        }

        var instance = await runtime.DispatchAsync(
            new StartWorkflowRequest
            {
                DefinitionId = OrdersModule.LifecycleDefinitionId,
                CorrelationId = orderId,
                Name = $"Order {orderId}",
                Input = new JsonObject { ["orderId"] = orderId, ["reviewTimeout"] = options.Value.ReviewTimeout.ToString("c") },
            },
            cancellationToken);
        if (instance is null)
        {
            return OrderProblems.Unavailable($"The workflow '{OrdersModule.LifecycleDefinitionId}' is not published.");
        }

        var row = new OrderRow
        {
            OrderId = orderId,
            InstanceId = instance.Id,
            CustomerId = order["customerId"]!.GetValue<string>(),
            Request = canonical,
            Items = order["items"]!.ToJsonString(),
            Amount = OrderRequestValidator.Amount((JsonArray)order["items"]!),
            PaymentToken = order["paymentToken"]!.GetValue<string>(),
            Address = order["address"]!.ToJsonString(),
            CreatedAt = time.GetUtcNow(),
        };
        if (await orders.InsertAsync(row, cancellationToken))
        {
            return TypedResults.Accepted($"/api/orders/{orderId}", new OrderStarted(orderId, instance.Id));
        }

        // A concurrent start of the same order won: this instance finds no row of its own and is cancelled.
        await runtime.CancelAsync(instance.Id, cancellationToken);
        return Repeated((await orders.FindAsync(orderId, cancellationToken))!, canonical);
    }

    private static Results<Accepted<OrderStarted>, Ok<OrderStarted>, ValidationProblem, ProblemHttpResult> Repeated(OrderRow existing, string canonical) =>
        existing.Request == canonical
            ? TypedResults.Ok(new OrderStarted(existing.OrderId, existing.InstanceId))
            : OrderProblems.Conflict(existing.OrderId, "it was started with a different body.");

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(string orderId, OrderStore orders, CancellationToken cancellationToken)
    {
        if (await orders.ReadViewAsync(orderId, cancellationToken) is not { } view)
        {
            return OrderProblems.NotFound(orderId);
        }

        return TypedResults.Ok(OrderView.From(view.Order, view.Payment, view.Events));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ApproveAsync(string orderId, OrderStore orders, WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        await SignalAsync(orderId, await orders.RequestApprovalAsync(orderId, cancellationToken), OrdersModule.ApproveEvent, "it is past review.", runtime, cancellationToken);

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(string orderId, OrderStore orders, WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        await SignalAsync(orderId, await orders.RequestCancelAsync(orderId, cancellationToken), OrdersModule.CancelEvent, "it was dispatched or has finished.", runtime, cancellationToken);

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> UpdateAddressAsync(
        string orderId, HttpRequest request, OrderStore orders, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body.Error is { } unreadable)
        {
            return unreadable;
        }

        var errors = new Dictionary<string, string[]>();
        OrderRequestValidator.ValidateAddress(body.Node, "", errors);
        if (errors.Count > 0)
        {
            return OrderProblems.Invalid(errors);
        }

        return await orders.UpdateAddressAsync(orderId, body.Node!.ToJsonString(), cancellationToken) switch
        {
            SignalResult.NotFound => OrderProblems.NotFound(orderId),
            SignalResult.Conflict => OrderProblems.Conflict(orderId, "shipping has started or the order has ended."),
            _ => TypedResults.Accepted($"/api/orders/{orderId}"),
        };
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> SignalAsync(
        string orderId, SignalResult result, string eventName, string conflict, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case SignalResult.NotFound:
                return OrderProblems.NotFound(orderId);
            case SignalResult.Conflict:
                return OrderProblems.Conflict(orderId, conflict);
            case SignalResult.AcceptedWake:
                await runtime.PublishEventAsync(eventName, orderId, null, cancellationToken);
                break;
        }

        return TypedResults.Accepted($"/api/orders/{orderId}");
    }

    private static async Task<(JsonNode? Node, ValidationProblem? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken), null);
        }
        catch (JsonException ex)
        {
            return (null, OrderProblems.Invalid(new Dictionary<string, string[]> { ["body"] = [$"The body is not valid JSON: {ex.Message}"] }));
        }
    }
}

using System.Text.Json.Nodes;
using PatientDocs.Orders.Storage;

namespace PatientDocs.Orders.Endpoints;

/// <summary>GET /api/orders/{orderId}: the order's live status, read from the module's tables.</summary>
public sealed record OrderView(
    string OrderId,
    string InstanceId,
    string State,
    bool Approved,
    JsonNode? Address,
    OrderPaymentView Payment,
    OrderShippingView Shipping,
    IReadOnlyList<OrderEventView> Events,
    string? Error)
{
    public static OrderView From(OrderRow order, PaymentRow? payment, IReadOnlyList<OrderEventRow> events) => new(
        order.OrderId,
        order.InstanceId,
        order.State,
        order.Approved,
        JsonNode.Parse(order.Address),
        new OrderPaymentView(payment?.PaymentId ?? order.PaymentId, payment?.Status ?? "none", order.Amount, order.PaymentAttempts),
        new OrderShippingView(order.ShippingInstanceId, ShippingState(order.ShippingState), order.TrackingId),
        [.. events.Select(e => new OrderEventView(e.Type, e.At))],
        order.Error);

    // The claim before the carrier call is internal: to a client the parcel is still being prepared.
    private static string ShippingState(string state) => state == OrderStates.ShippingDispatching ? OrderStates.ShippingPreparing : state;
}

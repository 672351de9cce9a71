namespace PatientDocs.Orders.Storage;

/// <summary>A row of the orders table: the order's live state, read by the query endpoint and the activities.</summary>
public sealed class OrderRow
{
    public string OrderId { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string CustomerId { get; set; } = "";

    /// <summary>The start request in canonical JSON: a repeated start is compared with it.</summary>
    public string Request { get; set; } = "";
    public string Items { get; set; } = "";
    public decimal Amount { get; set; }
    public string PaymentToken { get; set; } = "";
    public string Address { get; set; } = "";
    public string State { get; set; } = OrderStates.Received;
    public bool Approved { get; set; }
    public bool ApprovalRequested { get; set; }
    public bool CancelRequested { get; set; }
    public string? PaymentId { get; set; }
    public int PaymentAttempts { get; set; }
    public string? ShippingInstanceId { get; set; }
    public string ShippingState { get; set; } = OrderStates.ShippingNone;
    public string? TrackingId { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

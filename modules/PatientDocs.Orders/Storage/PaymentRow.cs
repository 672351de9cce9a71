namespace PatientDocs.Orders.Storage;

/// <summary>The record of an order's one charge (unique payment id), written with the provider's answer.</summary>
public sealed class PaymentRow
{
    public string PaymentId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public decimal Amount { get; set; }
    public string Status { get; set; } = "";
    public string? ProviderReference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

namespace PatientDocs.Orders.Storage;

/// <summary>One line of an order's append-only audit; <see cref="EventKey"/> makes a repeated write of the same event a no-op.</summary>
public sealed class OrderEventRow
{
    public long Id { get; set; }
    public string OrderId { get; set; } = "";
    public string EventKey { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Detail { get; set; }
}

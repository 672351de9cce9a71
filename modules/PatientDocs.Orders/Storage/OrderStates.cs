namespace PatientDocs.Orders.Storage;

/// <summary>The contract's order states and shipping states, as stored in the orders table.</summary>
public static class OrderStates
{
    public const string Received = "received";
    public const string Validating = "validating";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Charging = "charging";
    public const string Shipping = "shipping";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public const string ShippingNone = "none";
    public const string ShippingPreparing = "preparing";

    /// <summary>Claimed by the carrier call: from here a cancel is refused, as the parcel may already be on its way.</summary>
    public const string ShippingDispatching = "dispatching";
    public const string ShippingDispatched = "dispatched";
    public const string ShippingFailed = "failed";
    public const string ShippingCancelled = "cancelled";

    public const string PaymentCharged = "charged";
    public const string PaymentRefunded = "refunded";
    public const string PaymentDeclined = "declined";
}

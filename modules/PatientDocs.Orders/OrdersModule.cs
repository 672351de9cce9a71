using System.Reflection;

namespace PatientDocs.Orders;

/// <summary>The orders module's names: its assembly, definitions, queues, events and states.</summary>
public static class OrdersModule
{
    public const string LifecycleDefinitionId = "order-lifecycle";
    public const string ShippingDefinitionId = "order-shipping";

    /// <summary>The parent's tasks; the shipping child's run on <see cref="ShippingQueue"/> so neither starves the other.</summary>
    public const string Queue = "orders";
    public const string ShippingQueue = "order-shipping";

    /// <summary>Correlated by order id: they resume the lifecycle's review wait.</summary>
    public const string ApproveEvent = "order-approve";
    public const string CancelEvent = "order-cancel";

    public const string Category = "Orders";
    public const string Namespace = "Orders";

    public static Assembly Assembly => typeof(OrdersModule).Assembly;
}

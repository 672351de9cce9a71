using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// One path through the sample <c>order_processing_workflow</c>: the mocks that steer an execution onto it and what the
/// execution must show at the end (status, last state, the states visited in order, the execution's error).
/// </summary>
public sealed record OrderCase(OrderPath Path, string Status, string CurrentState, IReadOnlyList<string> States, string? Error)
{
    public const string WorkflowName = "order_processing_workflow";
    public const string PaymentState = "process_payment";

    /// <summary>The sample's <c>process_payment</c> retry: maxAttempts 2, all used before the catch applies.</summary>
    public const int PaymentAttempts = 2;

    public static readonly OrderCase Happy = new(OrderPath.Happy, "SUCCEEDED", "order_success",
        ["validate_order", "check_inventory", "inventory_decision", "reserve_inventory", PaymentState, "fulfill_order", "order_success"], null);

    public static readonly OrderCase Backorder = new(OrderPath.Backorder, "FAILED", "order_failed",
        ["validate_order", "check_inventory", "inventory_decision", "notify_backorder", "order_failed"], "OrderProcessingFailed");

    public static readonly OrderCase PaymentError = new(OrderPath.PaymentError, "FAILED", "order_failed",
        ["validate_order", "check_inventory", "inventory_decision", "reserve_inventory", PaymentState, "payment_failed", "order_failed"], "OrderProcessingFailed");

    public static IReadOnlyList<OrderCase> All { get; } = [Happy, Backorder, PaymentError];

    /// <summary>Eight in ten happy, one backorder, one payment error: every tenth execution of each failing kind, spread through the burst.</summary>
    public static OrderCase For(int index) => (index % 10) switch
    {
        4 => Backorder,
        9 => PaymentError,
        _ => Happy,
    };

    public JsonObject Input(string orderId)
    {
        var input = new JsonObject { ["orderId"] = orderId };
        switch (Path)
        {
            case OrderPath.Backorder:
                input["mock"] = new JsonObject { ["inventoryService.check"] = new JsonObject { ["output"] = new JsonObject { ["inventoryAvailable"] = false } } };
                break;
            case OrderPath.PaymentError:
                input["mock"] = new JsonObject { ["paymentService.charge"] = new JsonObject { ["alwaysFail"] = true, ["errorType"] = "PaymentError" } };
                break;
        }

        return input;
    }
}

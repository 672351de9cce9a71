using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>Seed 004's order_processing_workflow, built as the reader builds it from workflows/state-language.</summary>
internal static class SampleMachine
{
    public static StateMachine Build() => new("order_processing_workflow", "1.0", "validate_order",
    [
        new StateSpec
        {
            Name = "validate_order", Type = StateTypes.Task, Resource = "orderService.validate", Next = "check_inventory",
            Retry = new RetrySpec(3, BackoffMultiplier: 2), Catch = [new CatchSpec(["ValidationError"], "order_failed")],
        },
        new StateSpec { Name = "check_inventory", Type = StateTypes.Task, Resource = "inventoryService.check", Next = "inventory_decision" },
        new StateSpec
        {
            Name = "inventory_decision", Type = StateTypes.Choice,
            Choices = [new ChoiceRule(new JsonObject { ["variable"] = "$.inventoryAvailable", ["booleanEquals"] = true }, "reserve_inventory")],
            Default = "notify_backorder",
        },
        new StateSpec { Name = "reserve_inventory", Type = StateTypes.Task, Resource = "inventoryService.reserve", Next = "process_payment", TimeoutSeconds = 30 },
        new StateSpec
        {
            Name = "process_payment", Type = StateTypes.Task, Resource = "paymentService.charge", Next = "fulfill_order",
            Retry = new RetrySpec(2), Catch = [new CatchSpec(["PaymentError"], "payment_failed")],
        },
        new StateSpec { Name = "fulfill_order", Type = StateTypes.Task, Resource = "fulfillmentService.ship", Next = "order_success" },
        new StateSpec { Name = "notify_backorder", Type = StateTypes.Task, Resource = "notificationService.backorder", Next = "order_failed" },
        new StateSpec { Name = "payment_failed", Type = StateTypes.Task, Resource = "paymentService.reverse", Next = "order_failed" },
        new StateSpec { Name = "order_success", Type = StateTypes.Success },
        new StateSpec { Name = "order_failed", Type = StateTypes.Fail, Error = "OrderProcessingFailed", Cause = "Order could not be completed" },
    ]);
}

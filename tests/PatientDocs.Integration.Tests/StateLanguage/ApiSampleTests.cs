using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>The shipped sample's happy path and every failure path the contract names, through the API.</summary>
public abstract class ApiSampleTests : ApiTestBase
{
    [StoreFact]
    public async Task HappyPath_Succeeds_ThroughEveryTaskOnce()
    {
        var done = await RunAsync(new JsonObject());

        Assert.Equal(("SUCCEEDED", "order_success"), (done.Str("status"), done.Str("currentState")));
        Assert.Equal(
            ["validate_order:Task:COMPLETED", "check_inventory:Task:COMPLETED", "inventory_decision:Choice:COMPLETED", "reserve_inventory:Task:COMPLETED",
             "process_payment:Task:COMPLETED", "fulfill_order:Task:COMPLETED", "order_success:Success:COMPLETED"],
            done.StepLines());
        Assert.All(done["steps"]!.AsArray().Where(s => s.Str("type") == "Task"), s => Assert.Equal(1, s.Int("attempts")));
        Assert.True(done["output"]!["inventoryAvailable"]!.GetValue<bool>());
        Assert.Null(done["error"]);
    }

    [StoreFact]
    public async Task ValidationError_IsRetriedThenCaught_AndTheOrderFails()
    {
        var done = await RunAsync(ApiRequests.Mock("orderService.validate", new JsonObject { ["alwaysFail"] = true, ["errorType"] = "ValidationError" }));

        Assert.Equal(("FAILED", "OrderProcessingFailed", "Order could not be completed", "order_failed"), (done.Str("status"), done.Str("error"), done.Str("cause"), done.Str("currentState")));
        Assert.Equal(["validate_order:Task:FAILED", "order_failed:Fail:FAILED"], done.StepLines());
        var validate = done.Step("validate_order");
        Assert.Equal(("ValidationError", 3), (validate.Str("error"), validate.Int("attempts")));
    }

    [StoreFact]
    public async Task TransientFailure_IsRetried_AndTheOrderSucceeds()
    {
        var done = await RunAsync(ApiRequests.Mock("orderService.validate", new JsonObject { ["failTimes"] = 1 }));

        Assert.Equal("SUCCEEDED", done.Str("status"));
        var validate = done.Step("validate_order");
        Assert.Equal(("COMPLETED", 2), (validate.Str("status"), validate.Int("attempts")));
        Assert.Null(validate["error"]);
    }

    [StoreFact]
    public async Task Backorder_TakesTheChoicesDefault_NotifiesAndFails()
    {
        var done = await RunAsync(ApiRequests.Mock("inventoryService.check", new JsonObject { ["output"] = new JsonObject { ["inventoryAvailable"] = false } }));

        Assert.Equal(("FAILED", "order_failed"), (done.Str("status"), done.Str("currentState")));
        Assert.Equal(
            ["validate_order:Task:COMPLETED", "check_inventory:Task:COMPLETED", "inventory_decision:Choice:COMPLETED", "notify_backorder:Task:COMPLETED", "order_failed:Fail:FAILED"],
            done.StepLines());
    }

    [StoreFact]
    public async Task SlowReservation_TimesOut_AndTheUncaughtTimeoutErrorFailsTheOrderThere()
    {
        var done = await RunAsync(ApiRequests.Mock("inventoryService.reserve", new JsonObject { ["sleepSeconds"] = 40 }));

        Assert.Equal(("FAILED", "TimeoutError", "reserve_inventory"), (done.Str("status"), done.Str("error"), done.Str("currentState")));
        var reserve = done.Step("reserve_inventory");
        Assert.Equal(("FAILED", "TimeoutError", 1), (reserve.Str("status"), reserve.Str("error"), reserve.Int("attempts")));
        Assert.DoesNotContain(done.StepLines(), l => l.StartsWith("process_payment", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task PaymentError_IsRetriedThenCaught_TheChargeIsReversed_AndTheOrderFails()
    {
        var done = await RunAsync(ApiRequests.Mock("paymentService.charge", new JsonObject { ["alwaysFail"] = true, ["errorType"] = "PaymentError" }));

        Assert.Equal(("FAILED", "OrderProcessingFailed", "order_failed"), (done.Str("status"), done.Str("error"), done.Str("currentState")));
        Assert.Equal(
            ["validate_order:Task:COMPLETED", "check_inventory:Task:COMPLETED", "inventory_decision:Choice:COMPLETED", "reserve_inventory:Task:COMPLETED",
             "process_payment:Task:FAILED", "payment_failed:Task:COMPLETED", "order_failed:Fail:FAILED"],
            done.StepLines());
        var payment = done.Step("process_payment");
        Assert.Equal(("PaymentError", 2), (payment.Str("error"), payment.Int("attempts")));
        Assert.Equal(1, done.Step("payment_failed").Int("attempts"));
    }

    private async Task<JsonObject> RunAsync(JsonObject input)
    {
        input["orderId"] = "ord-" + Guid.NewGuid().ToString("N")[..8];
        return await Client.WaitForEndAsync(await Client.StartIdAsync(ApiRequests.Sample, input));
    }
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>The seed's sample compiled and run on the engine: the happy path and each failure path, by the states they visit.</summary>
public sealed class CompiledSampleTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task HappyPath_VisitsEveryStateOnTheWayToSuccess_AndEndsSucceededWithTheMergedData()
    {
        var machine = SampleMachine.Build();
        var (instance, output, executions) = await CompiledRun.RunAsync(_server, machine, new JsonObject { ["orderId"] = "o-1" });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal("SUCCEEDED", output["status"]?.ToString());
        Assert.Equal("order_success", output["currentState"]?.ToString());
        Assert.Equal(true, output["data"]?["inventoryAvailable"]?.GetValue<bool>());
        Assert.Equal("o-1", output["data"]?["orderId"]?.ToString());
        Assert.Equal(
            ["validate_order", "check_inventory", "inventory_decision", "reserve_inventory", "process_payment", "fulfill_order", "order_success"],
            CompiledRun.StatesRun(machine, executions));
    }

    [Fact]
    public async Task Backorder_TakesTheDefault_AndFailsAtOrderFailed()
    {
        var machine = SampleMachine.Build();
        var input = JsonNode.Parse("""{"mock":{"inventoryService.check":{"output":{"inventoryAvailable":false}}}}""")!.AsObject();
        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("FAILED", output["status"]?.ToString());
        Assert.Equal("OrderProcessingFailed", output["error"]?.ToString());
        Assert.Equal("order_failed", output["currentState"]?.ToString());
        Assert.Equal(["validate_order", "check_inventory", "inventory_decision", "notify_backorder", "order_failed"], CompiledRun.StatesRun(machine, executions));
    }

    [Fact]
    public async Task PaymentError_IsRetriedOnce_ThenCaught_AndReversed()
    {
        var machine = SampleMachine.Build();
        var input = JsonNode.Parse("""{"mock":{"paymentService.charge":{"alwaysFail":true,"errorType":"PaymentError"}}}""")!.AsObject();
        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("FAILED", output["status"]?.ToString());
        Assert.Equal(["validate_order", "check_inventory", "inventory_decision", "reserve_inventory", "process_payment", "payment_failed", "order_failed"], CompiledRun.StatesRun(machine, executions));
        var payment = executions.Single(e => e.ActivityId == "process_payment");
        var outputs = JsonNode.Parse(payment.Outputs!)!;
        Assert.Equal("PaymentError", outputs["error"]?.ToString());
        Assert.Equal(2, outputs["attempts"]?.GetValue<int>());
    }

    [Fact]
    public async Task TransientValidationFailure_IsRetried_AndTheOrderSucceeds()
    {
        var machine = SampleMachine.Build();
        var input = JsonNode.Parse("""{"mock":{"orderService.validate":{"failTimes":1}}}""")!.AsObject();
        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("SUCCEEDED", output["status"]?.ToString());
        var validate = JsonNode.Parse(executions.Single(e => e.ActivityId == "validate_order").Outputs!)!;
        Assert.Equal(2, validate["attempts"]?.GetValue<int>());
    }

    [Fact]
    public async Task ValidationError_IsCaught_AfterTheRetriesAreUsedUp()
    {
        var machine = SampleMachine.Build();
        var input = JsonNode.Parse("""{"mock":{"orderService.validate":{"alwaysFail":true,"errorType":"ValidationError"}}}""")!.AsObject();
        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("FAILED", output["status"]?.ToString());
        Assert.Equal(["validate_order", "order_failed"], CompiledRun.StatesRun(machine, executions));
        var validate = JsonNode.Parse(executions.Single(e => e.ActivityId == "validate_order").Outputs!)!;
        Assert.Equal(3, validate["attempts"]?.GetValue<int>());
        Assert.Equal("ValidationError", validate["error"]?.ToString());
    }

    [Fact]
    public async Task ReserveTimeout_IsAnUncaughtTimeoutError_ThatFailsTheExecution()
    {
        var machine = SampleMachine.Build();
        var input = JsonNode.Parse("""{"mock":{"inventoryService.reserve":{"sleepSeconds":3000}}}""")!.AsObject();
        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("FAILED", output["status"]?.ToString());
        Assert.Equal("TimeoutError", output["error"]?.ToString());
        Assert.Equal("reserve_inventory", output["currentState"]?.ToString());
        Assert.Equal(["validate_order", "check_inventory", "inventory_decision", "reserve_inventory"], CompiledRun.StatesRun(machine, executions));
    }
}

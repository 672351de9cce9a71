using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.StateLanguage.Compiling;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>Each state type compiled and run on the engine: Parallel with its branches' data, Wait, Pass, compensation.</summary>
public sealed class CompiledStatesTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Parallel_RunsEveryBranchOnACopyOfTheData_AndMergesTheirDataInBranchOrderUnderItsName()
    {
        var machine = new StateMachine("parallel", "1", "prepare",
        [
            new StateSpec { Name = "prepare", Type = StateTypes.Pass, Result = new JsonObject { ["order"] = 7 }, Next = "both" },
            new StateSpec
            {
                Name = "both", Type = StateTypes.Parallel, Next = "done",
                Branches =
                [
                    new BranchSpec("pack", [
                        new StateSpec { Name = "pack", Type = StateTypes.Task, Resource = "warehouse.pack", Next = "packed" },
                        new StateSpec { Name = "packed", Type = StateTypes.Success },
                    ]),
                    new BranchSpec("bill", [
                        new StateSpec { Name = "bill", Type = StateTypes.Pass, Result = new JsonObject { ["billed"] = true }, End = true },
                    ]),
                ],
            },
            new StateSpec { Name = "done", Type = StateTypes.Success },
        ]);
        var input = JsonNode.Parse("""{"mock":{"warehouse.pack":{"output":{"box":"B1"}}}}""")!.AsObject();

        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("SUCCEEDED", output["status"]?.ToString());
        var branches = output["data"]?["both"]?.AsArray();
        Assert.NotNull(branches);
        Assert.Equal(2, branches.Count);
        Assert.Equal("B1", branches[0]?["box"]?.ToString());
        Assert.Null(branches[0]?["billed"]);
        Assert.Equal(true, branches[1]?["billed"]?.GetValue<bool>());
        Assert.Equal(7, branches[1]?["order"]?.GetValue<int>());
        Assert.Null(output["data"]?["box"]);
        var map = StateMap.Of(StateMachineCompiler.Compile(machine))!;
        Assert.Equal(0, map.Activities["both__b0__pack"].Branch);
        Assert.Equal(1, map.Activities["both__b1__bill"].Branch);
        Assert.Contains(executions, e => e.ActivityId == "both__merge");
    }

    [Fact]
    public async Task Compensation_RunsForCompletedTasksInReverseOrder_WhenAFailStateIsReached_BranchesIncluded()
    {
        var machine = new StateMachine("compensated", "1", "reserve",
        [
            new StateSpec { Name = "reserve", Type = StateTypes.Task, Resource = "stock.reserve", Compensation = "stock.release", Next = "split" },
            new StateSpec
            {
                Name = "split", Type = StateTypes.Parallel, Next = "charge",
                Branches = [new BranchSpec("hold", [new StateSpec { Name = "hold", Type = StateTypes.Task, Resource = "slot.hold", Compensation = "slot.free", End = true }])],
            },
            new StateSpec { Name = "charge", Type = StateTypes.Task, Resource = "pay.charge", Compensation = "pay.refund", Next = "failed" },
            new StateSpec { Name = "failed", Type = StateTypes.Fail, Error = "Nope", Cause = "just because" },
        ]);
        var input = JsonNode.Parse("""{"mock":{"slot.free":{"alwaysFail":true,"errorType":"Stuck"}}}""")!.AsObject();

        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("FAILED", output["status"]?.ToString());
        Assert.Equal("Nope", output["error"]?.ToString());
        Assert.Equal("just because", output["cause"]?.ToString());
        Assert.Equal("failed", output["currentState"]?.ToString());
        var compensate = executions.Single(e => e.ActivityId == StateMachineCompiler.CompensateId);
        var compensations = JsonNode.Parse(compensate.Outputs!)!["compensations"]!.AsArray();
        Assert.Equal(["charge", "hold", "reserve"], compensations.Select(c => c!["state"]!.ToString()));
        Assert.Equal(["COMPLETED", "FAILED", "COMPLETED"], compensations.Select(c => c!["status"]!.ToString()));
        Assert.Equal("Stuck", compensations[1]!["error"]?.ToString());
        Assert.Equal(0, compensations[1]!["branch"]?.GetValue<int>());
    }

    [Fact]
    public async Task UncaughtError_Compensates_AndFailsWithTheErrorAtTheTask()
    {
        var machine = new StateMachine("uncaught", "1", "reserve",
        [
            new StateSpec { Name = "reserve", Type = StateTypes.Task, Resource = "stock.reserve", Compensation = "stock.release", Next = "charge" },
            new StateSpec { Name = "charge", Type = StateTypes.Task, Resource = "pay.charge", Next = "ok" },
            new StateSpec { Name = "ok", Type = StateTypes.Success },
        ]);
        var input = JsonNode.Parse("""{"mock":{"pay.charge":{"alwaysFail":true,"errorType":"Declined"}}}""")!.AsObject();

        var (_, output, executions) = await CompiledRun.RunAsync(_server, machine, input);

        Assert.Equal("FAILED", output["status"]?.ToString());
        Assert.Equal("Declined", output["error"]?.ToString());
        Assert.Equal("charge", output["currentState"]?.ToString());
        var compensations = JsonNode.Parse(executions.Single(e => e.ActivityId == StateMachineCompiler.CompensateId).Outputs!)!["compensations"]!.AsArray();
        Assert.Equal(["reserve"], compensations.Select(c => c!["state"]!.ToString()));
    }

    [Fact]
    public async Task WaitForAnEvent_MergesItsPayloadIntoTheData()
    {
        var machine = new StateMachine("event", "1", "await",
        [
            new StateSpec { Name = "await", Type = StateTypes.Wait, Event = "approved", Next = "pause" },
            new StateSpec { Name = "pause", Type = StateTypes.Wait, Seconds = 2, Next = "done" },
            new StateSpec { Name = "done", Type = StateTypes.Success },
        ]);

        var (_, output, _) = await CompiledRun.RunAsync(_server, machine, [], "approved", new JsonObject { ["approver"] = "ada" });

        Assert.Equal("SUCCEEDED", output["status"]?.ToString());
        Assert.Equal("ada", output["data"]?["approver"]?.ToString());
    }
}

using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Compiling;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>What each state type compiles to: the activity, its inputs, ports and connections, the variables and the state map.</summary>
public sealed class CompilerTests
{
    [Fact]
    public void Sample_CompilesToOneTokenBasedFlowchart_StartingAtTheInputCopy_WithOneActivityPerState()
    {
        var definition = StateMachineCompiler.Compile(SampleMachine.Build());

        Assert.Equal("state-language.order_processing_workflow", definition.DefinitionId);
        Assert.Equal("order_processing_workflow", definition.Name);
        Assert.Equal("TokenBased", definition.Json["customProperties"]?["flowchartExecutionMode"]?.ToString());
        Assert.True(definition.Json["isReadonly"]!.GetValue<bool>());
        var root = definition.Root!;
        Assert.Equal("Elsa.Flowchart", root["type"]?.ToString());
        Assert.Equal(StateMachineCompiler.InputId, root["start"]?.ToString());
        var map = StateMap.Of(definition)!;
        Assert.Equal(("order_processing_workflow", "1.0"), (map.Name, map.Version));
        Assert.Equal(
            ["validate_order", "check_inventory", "inventory_decision", "reserve_inventory", "process_payment", "fulfill_order", "notify_backorder", "payment_failed", "order_success", "order_failed"],
            map.Activities.Where(a => a.Value.Role == StepRole.State).Select(a => a.Key));
        Assert.Contains(Connection(root, StateMachineCompiler.InputId, "Done"), Connections(root));
        Assert.Equal(["data", "failure"], definition.Json["variables"]!.AsArray().Select(v => v!["id"]!.ToString()));
    }

    [Fact]
    public void Task_IsATaskActivity_WithItsRetryTimeoutAndOnePortPerCatch_ThenUncaughtToTheFailurePath()
    {
        var root = StateMachineCompiler.Compile(SampleMachine.Build()).Root!;
        var validate = Activity(root, "validate_order");

        Assert.Equal("StateLanguage.Task", validate["type"]?.ToString());
        Assert.Equal("orderService.validate", Value(validate, "resource"));
        Assert.Equal("state-language", Value(validate, "queueName"));
        var retry = JsonNode.Parse(Value(validate, "retry")!)!;
        Assert.Equal((3, 1.0, 2.0), (retry["maxAttempts"]!.GetValue<int>(), retry["intervalSeconds"]!.GetValue<double>(), retry["backoffMultiplier"]!.GetValue<double>()));
        Assert.Equal(["Done", "Catch ValidationError", "Uncaught"], Strings(Value(validate, "outcomes")));
        Assert.Equal("data", validate["result"]?["memoryReference"]?["id"]?.ToString());
        Assert.Equal("failure", validate["failure"]?["memoryReference"]?["id"]?.ToString());
        Assert.Contains(("validate_order", "Done", "check_inventory"), Connections(root));
        Assert.Contains(("validate_order", "Catch ValidationError", "order_failed"), Connections(root));
        Assert.Contains(("validate_order", "Uncaught", StateMachineCompiler.FailureId), Connections(root));
        Assert.Equal("30", Value(Activity(root, "reserve_inventory"), "timeoutSeconds"));
    }

    [Fact]
    public void Choice_HasOnePortPerNextState_AndTheDefault_AndNoUncaughtPortWhenItHasADefault()
    {
        var root = StateMachineCompiler.Compile(SampleMachine.Build()).Root!;
        var choice = Activity(root, "inventory_decision");

        Assert.Equal("StateLanguage.Choice", choice["type"]?.ToString());
        Assert.Equal(["reserve_inventory", "notify_backorder"], Strings(Value(choice, "outcomes")));
        Assert.Equal("notify_backorder", Value(choice, "default"));
        Assert.Contains(("inventory_decision", "reserve_inventory", "reserve_inventory"), Connections(root));
        Assert.Contains(("inventory_decision", "notify_backorder", "notify_backorder"), Connections(root));
        var rule = JsonNode.Parse(Value(choice, "choices")!)!.AsArray().Single();
        Assert.Equal("$.inventoryAvailable", rule?["condition"]?["variable"]?.ToString());
    }

    [Fact]
    public void ChoiceWithoutDefault_FailsThroughUncaught()
    {
        var machine = new StateMachine("m", "1", "pick",
        [
            new StateSpec { Name = "pick", Type = StateTypes.Choice, Choices = [new ChoiceRule(new JsonObject { ["variable"] = "$.x", ["isPresent"] = true }, "ok")] },
            new StateSpec { Name = "ok", Type = StateTypes.Success },
        ]);
        var root = StateMachineCompiler.Compile(machine).Root!;

        Assert.Equal(["ok", "Uncaught"], Strings(Value(Activity(root, "pick"), "outcomes")));
        Assert.Contains(("pick", "Uncaught", StateMachineCompiler.FailureId), Connections(root));
        Assert.DoesNotContain(Activities(root), a => a?["id"]?.ToString() == StateMachineCompiler.CompensateId);
    }

    [Fact]
    public void SuccessAtTheTop_EndsTheExecutionSucceeded_FailGoesThroughTheFailurePathToTheFailedEnd()
    {
        var root = StateMachineCompiler.Compile(SampleMachine.Build()).Root!;

        var end = Activity(root, "__end_order_success");
        Assert.Equal(("StateLanguage.End", "SUCCEEDED", "order_success"), (end["type"]?.ToString(), Value(end, "status"), Value(end, "state")));
        Assert.Contains(("order_success", "Done", "__end_order_success"), Connections(root));
        Assert.Equal("StateLanguage.Fail", Activity(root, "order_failed")["type"]?.ToString());
        Assert.Equal("OrderProcessingFailed", Value(Activity(root, "order_failed"), "errorType"));
        Assert.Contains(("order_failed", "Done", StateMachineCompiler.FailureId), Connections(root));
        Assert.Equal("WaitAny", Value(Activity(root, StateMachineCompiler.FailureId), "mode"));
        Assert.Contains((StateMachineCompiler.FailureId, "Done", StateMachineCompiler.FailedEndId), Connections(root));
        Assert.Equal("FAILED", Value(Activity(root, StateMachineCompiler.FailedEndId), "status"));
    }

    [Fact]
    public void Compensations_AddTheCompensateTaskOnTheFailurePath_WithEachCompensatedTask()
    {
        var machine = new StateMachine("m", "1", "charge",
        [
            new StateSpec { Name = "charge", Type = StateTypes.Task, Resource = "pay.charge", Compensation = "pay.refund", Next = "no" },
            new StateSpec { Name = "no", Type = StateTypes.Fail, Error = "E" },
        ]);
        var definition = StateMachineCompiler.Compile(machine);
        var root = definition.Root!;

        Assert.Contains((StateMachineCompiler.FailureId, "Done", StateMachineCompiler.CompensateId), Connections(root));
        Assert.Contains((StateMachineCompiler.CompensateId, "Done", StateMachineCompiler.FailedEndId), Connections(root));
        var tasks = JsonNode.Parse(Value(Activity(root, StateMachineCompiler.CompensateId), "tasks")!)!;
        Assert.Equal("pay.refund", tasks["charge"]?["resource"]?.ToString());
        Assert.Equal(StepRole.Compensate, StateMap.Of(definition)!.Activities[StateMachineCompiler.CompensateId].Role);
    }

    [Fact]
    public void WaitAndPass_CarryTheirFields_AndWriteTheData()
    {
        var machine = new StateMachine("m", "1", "hold",
        [
            new StateSpec { Name = "hold", Type = StateTypes.Wait, Seconds = 5, Next = "until" },
            new StateSpec { Name = "until", Type = StateTypes.Wait, Timestamp = "2030-01-01T00:00:00Z", Next = "signal" },
            new StateSpec { Name = "signal", Type = StateTypes.Wait, Event = "go", Next = "set" },
            new StateSpec { Name = "set", Type = StateTypes.Pass, Result = new JsonObject { ["a"] = 1 }, End = true },
        ]);
        var root = StateMachineCompiler.Compile(machine).Root!;

        Assert.Equal("5", Value(Activity(root, "hold"), "seconds"));
        Assert.Equal("2030-01-01T00:00:00Z", Value(Activity(root, "until"), "timestamp"));
        Assert.Equal("go", Value(Activity(root, "signal"), "eventName"));
        Assert.Equal("""{"a":1}""", Value(Activity(root, "set"), "value"));
        Assert.All(["hold", "until", "signal", "set"], id => Assert.Equal("data", Activity(root, id)["result"]?["memoryReference"]?["id"]?.ToString()));
        Assert.Contains(("set", "Done", "__end_set"), Connections(root));
    }

    [Fact]
    public void Parallel_IsAForkWithOneDataVariableAndPortPerBranch_JoinedBeforeTheMerge()
    {
        var machine = new StateMachine("m", "1", "both",
        [
            new StateSpec
            {
                Name = "both", Type = StateTypes.Parallel, Next = "ok",
                Branches =
                [
                    new BranchSpec("a", [
                        new StateSpec { Name = "a", Type = StateTypes.Choice, Choices = [new ChoiceRule(new JsonObject { ["variable"] = "$.x", ["isPresent"] = true }, "a1")], Default = "a2" },
                        new StateSpec { Name = "a1", Type = StateTypes.Success },
                        new StateSpec { Name = "a2", Type = StateTypes.Success },
                    ]),
                    new BranchSpec("b", [new StateSpec { Name = "b", Type = StateTypes.Pass, End = true }]),
                ],
            },
            new StateSpec { Name = "ok", Type = StateTypes.Success },
        ]);
        var definition = StateMachineCompiler.Compile(machine);
        var root = definition.Root!;

        Assert.Equal(["Branch 0", "Branch 1"], Strings(Value(Activity(root, "both"), "outcomes")));
        Assert.Equal(["both__b0__data", "both__b1__data"], Strings(Value(Activity(root, "both"), "branchVariables")));
        Assert.Contains(("both", "Branch 0", "both__b0__a"), Connections(root));
        Assert.Contains(("both", "Branch 1", "both__b1__b"), Connections(root));
        Assert.Equal("both__b0__data", Activity(root, "both__b0__a")["data"]?["expression"]?["value"]?.ToString());
        Assert.Contains(("both__b0__a1", "Done", "both__b0__end"), Connections(root));
        Assert.Contains(("both__b0__a2", "Done", "both__b0__end"), Connections(root));
        Assert.Contains(("both__b0__end", "Done", "both__join"), Connections(root));
        Assert.Contains(("both__b1__b", "Done", "both__join"), Connections(root));
        Assert.Equal("WaitAll", Value(Activity(root, "both__join"), "mode"));
        Assert.Contains(("both__join", "Done", "both__merge"), Connections(root));
        Assert.Contains(("both__merge", "Done", "ok"), Connections(root));
        var map = StateMap.Of(definition)!;
        Assert.Equal(new MappedActivity("both", "Parallel", StepRole.ParallelMerge), map.Activities["both__merge"]);
        Assert.Equal(new MappedActivity("a1", "Success", StepRole.State, 0), map.Activities["both__b0__a1"]);
        Assert.Contains("both__b1__data", definition.Json["variables"]!.AsArray().Select(v => v!["id"]!.ToString()));
    }

    [Fact]
    public void StateNamesThatAreNotPlainIdentifiers_GetCleanUniqueIds_AndPortsNeverCollideWithTheFixedOnes()
    {
        var machine = new StateMachine("m", "1", "check it",
        [
            new StateSpec { Name = "check it", Type = StateTypes.Choice, Choices = [new ChoiceRule(new JsonObject { ["variable"] = "$.x", ["isPresent"] = true }, "Done")], Default = "check_it" },
            new StateSpec { Name = "Done", Type = StateTypes.Success },
            new StateSpec { Name = "check_it", Type = StateTypes.Success },
        ]);
        var definition = StateMachineCompiler.Compile(machine);
        var map = StateMap.Of(definition)!;

        Assert.Equal("check it", map.Activities["check_it"].State);
        Assert.Equal("check_it", map.Activities["check_it_2"].State);
        Assert.Equal(["→ Done", "check_it"], Strings(Value(Activity(definition.Root!, "check_it"), "outcomes")));
    }

    private static JsonArray Activities(JsonObject root) => root["activities"]!.AsArray();

    private static JsonObject Activity(JsonObject root, string id) => Activities(root).Single(a => a!["id"]!.ToString() == id)!.AsObject();

    private static string? Value(JsonObject activity, string input) => activity[input]?["expression"]?["value"]?.ToString();

    private static List<string> Strings(string? json) => JsonNode.Parse(json!)!.AsArray().Select(s => s!.ToString()).ToList();

    private static List<(string Source, string Port, string Target)> Connections(JsonObject root) =>
        root["connections"]!.AsArray().Select(c => (c!["source"]!["activity"]!.ToString(), c["source"]!["port"]!.ToString(), c["target"]!["activity"]!.ToString())).ToList();

    private static (string, string, string) Connection(JsonObject root, string source, string port) =>
        Connections(root).First(c => c.Source == source && c.Port == port);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class ReaderTests
{
    private static StateMachine ReadOk(string text, DefinitionFormat format)
    {
        var result = StateMachineReader.Read(text, format);
        Assert.Empty(result.Errors);
        return Assert.IsType<StateMachine>(result.Machine);
    }

    private static LanguageError ReadFails(string text, DefinitionFormat format)
    {
        var result = StateMachineReader.Read(text, format);
        Assert.Null(result.Machine);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Read_Sample_KeepsStatesInOrderAndVersionAsWritten()
    {
        var machine = ReadOk(LanguageSamples.SampleYaml(), DefinitionFormat.Yaml);

        Assert.Equal("order_processing_workflow", machine.Name);
        Assert.Equal("1.0", machine.Version);
        Assert.Equal("validate_order", machine.StartAt);
        Assert.Equal(
            ["validate_order", "check_inventory", "inventory_decision", "reserve_inventory", "process_payment", "fulfill_order",
             "notify_backorder", "payment_failed", "order_success", "order_failed"],
            machine.States.Select(s => s.Name));
        var validate = machine.Find("validate_order")!;
        Assert.Equal(new RetrySpec(3, 1, 2, null), validate.Retry);
        Assert.Equal(["ValidationError"], Assert.Single(validate.Catch).ErrorTypes);
        Assert.Equal("order_failed", validate.Catch[0].Next);
        Assert.Equal(30, machine.Find("reserve_inventory")!.TimeoutSeconds);
        var rule = Assert.Single(machine.Find("inventory_decision")!.Choices);
        Assert.Equal("""{"variable":"$.inventoryAvailable","booleanEquals":true}""", rule.Condition.ToJsonString());
        Assert.Equal(JsonValueKind.True, rule.Condition["booleanEquals"]!.GetValueKind());
        Assert.Equal("notify_backorder", machine.Find("inventory_decision")!.Default);
        Assert.Equal(("OrderProcessingFailed", "Order could not be completed"), (machine.Find("order_failed")!.Error, machine.Find("order_failed")!.Cause));
    }

    [Fact]
    public void Read_Sample_ValidatesWithNoErrors()
    {
        var machine = ReadOk(LanguageSamples.SampleYaml(), DefinitionFormat.Yaml);

        Assert.Empty(StateMachineValidator.Validate(machine));
    }

    [Theory]
    [InlineData(DefinitionFormat.Yaml)]
    [InlineData(DefinitionFormat.Json)]
    public void Read_EveryStateType_ReadsEachField(DefinitionFormat format)
    {
        var machine = ReadOk(format == DefinitionFormat.Yaml ? LanguageSamples.EveryTypeYaml : LanguageSamples.EveryTypeJson, format);

        Assert.Equal(("every_type", "2.10", "charge"), (machine.Name, machine.Version, machine.StartAt));
        var charge = machine.Find("charge")!;
        Assert.Equal((StateTypes.Task, "paymentService.charge", "decide", 12.5, "paymentService.refund"),
            (charge.Type, charge.Resource, charge.Next, charge.TimeoutSeconds, charge.Compensation));
        Assert.Equal((4, 0.5, 3.0), (charge.Retry!.MaxAttempts, charge.Retry.IntervalSeconds, charge.Retry.BackoffMultiplier));
        Assert.Equal(["TransientError", "TimeoutError"], charge.Retry.ErrorTypes!);
        Assert.Equal(2, charge.Catch.Count);
        Assert.Equal(["PaymentError", "FraudError"], charge.Catch[0].ErrorTypes);
        Assert.Equal(["States.ALL"], charge.Catch[1].ErrorTypes);
        Assert.All(charge.Catch, c => Assert.Equal("failed", c.Next));

        var decide = machine.Find("decide")!;
        Assert.Equal(StateTypes.Choice, decide.Type);
        Assert.Equal(["hold", "stamp"], decide.Choices.Select(c => c.Next));
        Assert.Equal(
            """{"and":[{"variable":"$.total","numericGreaterThan":100},{"not":{"variable":"$.vip","booleanEquals":true}}]}""",
            decide.Choices[0].Condition.ToJsonString());
        Assert.Equal("""{"or":[{"variable":"$.country","stringEquals":"NO"},{"variable":"$.coupon","isPresent":true}]}""",
            decide.Choices[1].Condition.ToJsonString());
        Assert.Equal("pause", decide.Default);

        Assert.Equal((StateTypes.Wait, "approved", (double?)null, (string?)null), (machine.Find("hold")!.Type, machine.Find("hold")!.Event, machine.Find("hold")!.Seconds, machine.Find("hold")!.Timestamp));
        Assert.Equal(30, machine.Find("pause")!.Seconds);
        Assert.Equal("2026-01-31T09:00:00Z", machine.Find("until")!.Timestamp);

        var stamp = machine.Find("stamp")!;
        Assert.Equal(StateTypes.Pass, stamp.Type);
        Assert.Equal(
            """{"stamped":true,"count":3,"ratio":1.50,"label":"true","plain":"hello","nothing":null,"nested":{"a":[1,"two"]}}""",
            stamp.Result!.ToJsonString());

        var fanOut = machine.Find("fan_out")!;
        Assert.Equal((StateTypes.Parallel, "done"), (fanOut.Type, fanOut.Next));
        Assert.Equal(["ship", "notify"], fanOut.Branches.Select(b => b.StartAt));
        var ship = fanOut.Branches[0].Find("ship")!;
        Assert.Equal((StateTypes.Task, "fulfillmentService.ship", true, (string?)null), (ship.Type, ship.Resource, ship.End, ship.Next));
        Assert.Equal(["notify", "notified"], fanOut.Branches[1].States.Select(s => s.Name));

        Assert.Equal(StateTypes.Success, machine.Find("done")!.Type);
        var failed = machine.Find("failed")!;
        Assert.Equal((StateTypes.Fail, "OrderFailed", "The order could not be completed"), (failed.Type, failed.Error, failed.Cause));
    }

    [Fact]
    public void Read_SameDefinitionInYamlAndJson_ReadsTheSameMachine()
    {
        var yaml = ReadOk(LanguageSamples.EveryTypeYaml, DefinitionFormat.Yaml);
        var json = ReadOk(LanguageSamples.EveryTypeJson, DefinitionFormat.Json);

        Assert.Equal(JsonSerializer.Serialize(json), JsonSerializer.Serialize(yaml));
    }

    [Theory]
    [InlineData("version: 1.0", "1.0")]
    [InlineData("version: 1.10", "1.10")]
    [InlineData("version: 2", "2")]
    [InlineData("version: \"1.0\"", "1.0")]
    [InlineData("version: v1-beta", "v1-beta")]
    public void Read_YamlVersion_KeepsTheTextWritten(string line, string expected)
    {
        var machine = ReadOk($"name: n\n{line}\nstartAt: a\nstates:\n  a:\n    type: Success\n", DefinitionFormat.Yaml);

        Assert.Equal(expected, machine.Version);
    }

    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("\"1.0\"", "1.0")]
    [InlineData("3", "3")]
    public void Read_JsonVersion_KeepsTheTextWritten(string version, string expected)
    {
        var machine = ReadOk("""{"name":"n","version":""" + version + ""","startAt":"a","states":{"a":{"type":"Success"}}}""", DefinitionFormat.Json);

        Assert.Equal(expected, machine.Version);
    }

    [Fact]
    public void Read_YamlScalarsInResult_BecomeJsonTypes()
    {
        var machine = ReadOk("""
            name: n
            version: 1
            startAt: a
            states:
              a:
                type: Pass
                result: {yes: true, no: False, int: -4, float: 2.5, quoted: "7", single: 'false', word: done, empty: ~, date: 2026-01-01}
                end: true
            """, DefinitionFormat.Yaml);

        var result = machine.Find("a")!.Result!;
        Assert.Equal(
            [JsonValueKind.True, JsonValueKind.False, JsonValueKind.Number, JsonValueKind.Number, JsonValueKind.String, JsonValueKind.String,
             JsonValueKind.String, JsonValueKind.Null, JsonValueKind.String],
            result.Select(p => p.Value?.GetValueKind() ?? JsonValueKind.Null));
        Assert.Equal("""{"yes":true,"no":false,"int":-4,"float":2.5,"quoted":"7","single":"false","word":"done","empty":null,"date":"2026-01-01"}""", result.ToJsonString());
    }

    [Fact]
    public void Read_UnknownTypeDanglingNextAndExtraFields_StillReadsAMachine()
    {
        var machine = ReadOk("""
            name: n
            version: 1
            startAt: nowhere
            comment: ignored
            states:
              a:
                type: Teleport
                next: missing
                colour: blue
            """, DefinitionFormat.Yaml);

        Assert.Equal(("nowhere", "Teleport", "missing"), (machine.StartAt, machine.States[0].Type, machine.States[0].Next));
    }

    [Fact]
    public void Read_MissingNameVersionAndStartAt_LeavesThemEmptyForTheValidator()
    {
        var machine = ReadOk("states:\n  a:\n    type: Success\n", DefinitionFormat.Yaml);

        Assert.Equal(("", "", ""), (machine.Name, machine.Version, machine.StartAt));
    }

    [Theory]
    [InlineData("name: [unclosed", DefinitionFormat.Yaml)]
    [InlineData("name: a\nname: b\nstates: {}", DefinitionFormat.Yaml)]
    [InlineData("{\"name\": ", DefinitionFormat.Json)]
    [InlineData("", DefinitionFormat.Yaml)]
    [InlineData("", DefinitionFormat.Json)]
    public void Read_UnreadableText_ReportsTheDefinition(string text, DefinitionFormat format)
    {
        var error = ReadFails(text, format);

        Assert.Equal((null, StateMachineReader.DefinitionField), (error.State, error.Field));
        Assert.Contains("definition", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- a\n- b", DefinitionFormat.Yaml)]
    [InlineData("just text", DefinitionFormat.Yaml)]
    [InlineData("[1, 2]", DefinitionFormat.Json)]
    [InlineData("\"text\"", DefinitionFormat.Json)]
    public void Read_NotAMapping_ReportsTheDefinition(string text, DefinitionFormat format)
    {
        var error = ReadFails(text, format);

        Assert.Equal((null, StateMachineReader.DefinitionField), (error.State, error.Field));
        Assert.Contains("must be a mapping", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: n\nversion: 1\nstartAt: a\n", "has no states")]
    [InlineData("name: n\nversion: 1\nstartAt: a\nstates: {}\n", "is empty")]
    [InlineData("name: n\nversion: 1\nstartAt: a\nstates: [a, b]\n", "must be a mapping")]
    [InlineData("name: n\nversion: 1\nstartAt: a\nstates:\n", "has no states")]
    public void Read_StatesMissingEmptyOrAList_ReportsStates(string yaml, string expected)
    {
        var error = ReadFails(yaml, DefinitionFormat.Yaml);

        Assert.Equal((null, "states"), (error.State, error.Field));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonStatesAsAList_ReportsStates()
    {
        var error = ReadFails("""{"name":"n","version":"1","startAt":"a","states":[{"type":"Success"}]}""", DefinitionFormat.Json);

        Assert.Equal((null, "states"), (error.State, error.Field));
    }

    [Theory]
    [InlineData("type: [Task]", "type")]
    [InlineData("end: \"yes\"", "end")]
    [InlineData("next: [b]", "next")]
    [InlineData("resource: {name: x}", "resource")]
    [InlineData("timeout: soon", "timeout")]
    [InlineData("retry: 3", "retry")]
    [InlineData("retry: {maxAttempts: 1.5}", "retry.maxAttempts")]
    [InlineData("retry: {intervalSeconds: 1}", "retry.maxAttempts")]
    [InlineData("retry: {maxAttempts: 2, backoffMultiplier: fast}", "retry.backoffMultiplier")]
    [InlineData("retry: {maxAttempts: 2, errorTypes: [1, 2]}", "retry.errorTypes")]
    [InlineData("catch: {errorType: X, next: b}", "catch")]
    [InlineData("catch: [oops]", "catch[0]")]
    [InlineData("catch: [{errorType: [X], next: b}]", "catch[0].errorType")]
    [InlineData("choices: [{condition: x, next: b}]", "choices[0].condition")]
    [InlineData("seconds: \"10\"", "seconds")]
    [InlineData("result: [1, 2]", "result")]
    [InlineData("branches: {startAt: b}", "branches")]
    [InlineData("branches: [{startAt: b}]", "branches[0].states")]
    public void Read_FieldOfTheWrongKind_NamesTheStateAndField(string line, string field)
    {
        var error = ReadFails($"name: n\nversion: 1\nstartAt: a\nstates:\n  a:\n    {line}\n", DefinitionFormat.Yaml);

        Assert.Equal(("a", field), (error.State, error.Field));
        Assert.StartsWith("State 'a': ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TopLevelFieldOfTheWrongKind_NamesTheField()
    {
        var error = ReadFails("""{"name":"n","version":true,"startAt":"a","states":{"a":{"type":"Success"}}}""", DefinitionFormat.Json);

        Assert.Equal((null, "version"), (error.State, error.Field));
        Assert.Contains("'version' must be text or a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StateThatIsNotAMapping_NamesTheState()
    {
        var error = ReadFails("name: n\nversion: 1\nstartAt: a\nstates:\n  a: Success\n", DefinitionFormat.Yaml);

        Assert.Equal(("a", "states"), (error.State, error.Field));
        Assert.StartsWith("State 'a' must be a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BranchStateOfTheWrongKind_NamesTheInnerStateAndItsBranch()
    {
        var error = ReadFails("""
            name: n
            version: 1
            startAt: p
            states:
              p:
                type: Parallel
                end: true
                branches:
                  - startAt: inner
                    states:
                      inner:
                        type: Task
                        end: maybe
            """, DefinitionFormat.Yaml);

        Assert.Equal(("inner", "end"), (error.State, error.Field));
        Assert.StartsWith("State 'inner' (in branch 0 of 'p'): 'end'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyShapeErrors_ReportsEachOne()
    {
        var result = StateMachineReader.Read("name: n\nversion: 1\nstartAt: a\nstates:\n  a:\n    type: Task\n    end: 1\n    timeout: x\n", DefinitionFormat.Yaml);

        Assert.Null(result.Machine);
        Assert.Equal(["end", "timeout"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Read_ConditionsAndResults_AreDetachedFromTheDocument()
    {
        var machine = ReadOk(LanguageSamples.EveryTypeYaml, DefinitionFormat.Yaml);

        Assert.Null(machine.Find("decide")!.Choices[0].Condition.Parent);
        Assert.Null(machine.Find("stamp")!.Result!.Parent);
    }
}

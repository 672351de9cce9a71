using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class ValidatorTests
{
    private const string Head = "name: n\nversion: \"1\"\nstartAt: first\nstates:\n";

    private static IReadOnlyList<LanguageError> Validate(string yaml)
    {
        var result = StateMachineReader.Read(yaml, DefinitionFormat.Yaml);
        Assert.Empty(result.Errors);
        return StateMachineValidator.Validate(result.Machine!);
    }

    // The one error expected: the state at fault, the field, and every name its message must mention.
    private static void AssertOnly(IReadOnlyList<LanguageError> errors, string? state, string field, params string[] names)
    {
        var error = Assert.Single(errors);
        Assert.Equal((state, field), (error.State, error.Field));
        if (state is not null)
        {
            Assert.Contains($"'{state}'", error.Message, StringComparison.Ordinal);
        }

        foreach (var name in names)
        {
            Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_EveryStateType_HasNoErrors()
    {
        var machine = StateMachineReader.Read(LanguageSamples.EveryTypeYaml, DefinitionFormat.Yaml).Machine!;

        Assert.Empty(StateMachineValidator.Validate(machine));
    }

    [Fact]
    public void Validate_UnreachableStates_AreNotAnError()
    {
        var errors = Validate(Head + """
              first: {type: Success}
              orphan: {type: Task, resource: svc.x, next: first}
              lonely: {type: Pass, end: true}
            """);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("name", "version: \"1\"\nstartAt: a\n")]
    [InlineData("version", "name: n\nstartAt: a\n")]
    [InlineData("startAt", "name: n\nversion: \"1\"\n")]
    public void Validate_MissingTopLevelField_NamesTheField(string field, string fields)
    {
        var errors = Validate(fields + "states:\n  a: {type: Success}\n");

        AssertOnly(errors, null, field);
        Assert.Contains(field, errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StartAtUnknown_NamesTheMissingState()
    {
        var errors = Validate("name: n\nversion: 1\nstartAt: nowhere\nstates:\n  a: {type: Success}\n");

        AssertOnly(errors, null, "startAt", "nowhere");
    }

    [Fact]
    public void Validate_NextUnknown_NamesBothStates()
    {
        var errors = Validate(Head + """
              first: {type: Task, resource: svc.x, next: nowhere, catch: [{errorType: States.ALL, next: done}]}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "next", "nowhere");
    }

    [Fact]
    public void Validate_DefaultUnknown_NamesBothStates()
    {
        var errors = Validate(Head + """
              first: {type: Choice, choices: [{condition: {variable: $.a, isPresent: true}, next: done}], default: nowhere}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "default", "nowhere");
    }

    [Fact]
    public void Validate_ChoiceNextUnknown_NamesBothStates()
    {
        var errors = Validate(Head + """
              first: {type: Choice, choices: [{condition: {variable: $.a, isPresent: true}, next: nowhere}], default: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "choices[0].next", "nowhere");
    }

    [Fact]
    public void Validate_CatchNextUnknown_NamesBothStates()
    {
        var errors = Validate(Head + """
              first: {type: Task, resource: svc.x, next: done, catch: [{errorType: PaymentError, next: nowhere}]}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "catch[0].next", "nowhere");
    }

    [Fact]
    public void Validate_CatchWithoutErrorType_NamesTheCatch()
    {
        var errors = Validate(Head + """
              first: {type: Task, resource: svc.x, next: done, catch: [{next: done}]}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "catch[0].errorType");
    }

    [Fact]
    public void Validate_UnknownType_NamesTheType()
    {
        var errors = Validate(Head + """
              first: {type: Teleport, next: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "type", "Teleport");
    }

    [Fact]
    public void Validate_NoType_NamesTheState()
    {
        var errors = Validate(Head + """
              first: {next: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "type");
    }

    [Fact]
    public void Validate_TaskWithoutResource_NamesTheState()
    {
        var errors = Validate(Head + """
              first: {type: Task, next: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "resource");
    }

    [Theory]
    [InlineData("{type: Task, resource: svc.y}")]
    [InlineData("{type: Pass, result: {a: 1}}")]
    [InlineData("{type: Wait, seconds: 1}")]
    [InlineData("{type: Parallel, branches: [{startAt: b, states: {b: {type: Success}}}]}")]
    public void Validate_NeitherNextNorEnd_NamesTheState(string middle)
    {
        var errors = Validate(Head + $$"""
              first: {type: Task, resource: svc.x, next: middle, catch: [{errorType: States.ALL, next: done}]}
              middle: {{middle}}
              done: {type: Success}
            """);

        AssertOnly(errors, "middle", "next");
        Assert.Contains("neither 'next' nor 'end: true'", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothNextAndEnd_NamesTheState()
    {
        var errors = Validate(Head + """
              first: {type: Task, resource: svc.x, next: done, end: true}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "next");
    }

    [Fact]
    public void Validate_ChoiceWithoutChoices_NamesTheState()
    {
        var errors = Validate(Head + """
              first: {type: Choice, default: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "choices");
    }

    [Theory]
    [InlineData("{variable: $.a, frobnicate: 1}", "choices[0].condition.frobnicate", "frobnicate")]
    [InlineData("{booleanEquals: true}", "choices[0].condition", "variable")]
    [InlineData("{variable: a.b, booleanEquals: true}", "choices[0].condition.variable", "must start with '$'")]
    [InlineData("{variable: 7, booleanEquals: true}", "choices[0].condition.variable", "must be a path")]
    [InlineData("{variable: $..a, booleanEquals: true}", "choices[0].condition.variable", "is not a path")]
    [InlineData("{variable: $.a, booleanEquals: \"true\"}", "choices[0].condition.booleanEquals", "must be true or false")]
    [InlineData("{variable: $.a, isPresent: 1}", "choices[0].condition.isPresent", "must be true or false")]
    [InlineData("{variable: $.a, stringEquals: 5}", "choices[0].condition.stringEquals", "must be text")]
    [InlineData("{variable: $.a, numericEquals: \"5\"}", "choices[0].condition.numericEquals", "must be a number")]
    [InlineData("{variable: $.a, numericGreaterThan: true}", "choices[0].condition.numericGreaterThan", "must be a number")]
    [InlineData("{variable: $.a}", "choices[0].condition", "no operator")]
    [InlineData("{variable: $.a, numericLessThan: 1, numericGreaterThan: 0}", "choices[0].condition", "more than one operator")]
    [InlineData("{}", "choices[0].condition", "missing or empty")]
    [InlineData("{and: []}", "choices[0].condition.and", "non-empty list")]
    [InlineData("{or: []}", "choices[0].condition.or", "non-empty list")]
    [InlineData("{or: {variable: $.a, isPresent: true}}", "choices[0].condition.or", "non-empty list")]
    [InlineData("{and: [1]}", "choices[0].condition.and[0]", "must be a condition")]
    [InlineData("{not: [{variable: $.a, isPresent: true}]}", "choices[0].condition.not", "must hold one condition")]
    [InlineData("{and: [{variable: $.a, isPresent: true}], variable: $.b}", "choices[0].condition.and", "must stand alone")]
    [InlineData("{and: [{variable: $.a, isPresent: true}, {not: {variable: $.b, bogus: 1}}]}", "choices[0].condition.and[1].not.bogus", "bogus")]
    public void Validate_MalformedCondition_NamesTheStateAndWhere(string condition, string field, string expected)
    {
        var errors = Validate(Head + $$"""
              first: {type: Choice, choices: [{condition: {{condition}}, next: done}], default: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", field);
        Assert.Contains(expected, errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{type: Wait, next: done}", "seconds", "needs one of")]
    [InlineData("{type: Wait, seconds: 5, event: go, next: done}", "event", "exactly one")]
    [InlineData("{type: Wait, seconds: 5, timestamp: \"2026-01-31T09:00:00Z\", next: done}", "timestamp", "exactly one")]
    [InlineData("{type: Wait, seconds: -1, next: done}", "seconds", "must not be negative")]
    [InlineData("{type: Wait, timestamp: tomorrow, next: done}", "timestamp", "ISO-8601")]
    [InlineData("{type: Wait, timestamp: \"2026-13-40T09:00:00Z\", next: done}", "timestamp", "ISO-8601")]
    [InlineData("{type: Wait, timestamp: \"2026-01-31\", next: done}", "timestamp", "ISO-8601")]
    [InlineData("{type: Wait, event: \" \", next: done}", "event", "names no event")]
    public void Validate_MalformedWait_NamesTheState(string wait, string field, string expected)
    {
        var errors = Validate(Head + $$"""
              first: {{wait}}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", field);
        Assert.Contains(expected, errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seconds: 0")]
    [InlineData("timestamp: \"2026-01-31T09:00:00Z\"")]
    [InlineData("timestamp: \"2026-01-31T09:00:00.250+02:00\"")]
    [InlineData("timestamp: \"2026-01-31T09:00\"")]
    [InlineData("event: approved")]
    public void Validate_WaitWithOneOfItsFields_HasNoErrors(string field)
    {
        var errors = Validate(Head + $$"""
              first: {type: Wait, {{field}}, next: done}
              done: {type: Success}
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_ParallelWithoutBranches_NamesTheState()
    {
        var errors = Validate(Head + """
              first: {type: Parallel, next: done}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "branches");
    }

    [Fact]
    public void Validate_ErrorInsideABranch_NamesTheInnerStateAndItsBranch()
    {
        var errors = Validate(Head + """
              first:
                type: Parallel
                next: done
                branches:
                  - startAt: fine
                    states: {fine: {type: Success}}
                  - startAt: inner
                    states: {inner: {type: Task, end: true}}
              done: {type: Success}
            """);

        AssertOnly(errors, "inner", "resource");
        Assert.Contains("branch 1 of 'first'", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BranchNextNamingAnOuterState_IsUnknownInTheBranch()
    {
        var errors = Validate(Head + """
              first:
                type: Parallel
                next: done
                branches:
                  - startAt: inner
                    states:
                      inner: {type: Task, resource: svc.x, next: done, catch: [{errorType: States.ALL, next: branch_done}]}
                      branch_done: {type: Success}
              done: {type: Success}
            """);

        AssertOnly(errors, "inner", "next", "done");
    }

    [Fact]
    public void Validate_OuterNextNamingABranchState_IsUnknown()
    {
        var errors = Validate(Head + """
              first:
                type: Parallel
                next: inner
                branches:
                  - startAt: inner
                    states: {inner: {type: Success}}
              done: {type: Success}
            """);

        Assert.Contains(errors, e => e.State == "first" && e.Field == "next" && e.Message.Contains("'inner'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BranchStartAtUnknown_NamesTheParallelAndTheMissingState()
    {
        var errors = Validate(Head + """
              first:
                type: Parallel
                next: done
                branches:
                  - startAt: nowhere
                    states: {inner: {type: Success}}
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "branches[0].startAt", "nowhere");
    }

    [Fact]
    public void Validate_BranchWithNoPathToItsEnd_NamesTheBranchStart()
    {
        var errors = Validate(Head + """
              first:
                type: Parallel
                next: done
                branches:
                  - startAt: spin
                    states: {spin: {type: Pass, next: spin}}
              done: {type: Success}
            """);

        AssertOnly(errors, "spin", "startAt");
        Assert.Contains("branch 0 of 'first'", errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{maxAttempts: 0}", "retry.maxAttempts")]
    [InlineData("{maxAttempts: -2}", "retry.maxAttempts")]
    [InlineData("{maxAttempts: 2, intervalSeconds: -1}", "retry.intervalSeconds")]
    [InlineData("{maxAttempts: 2, backoffMultiplier: -0.5}", "retry.backoffMultiplier")]
    [InlineData("{maxAttempts: 2, errorTypes: []}", "retry.errorTypes")]
    public void Validate_BadRetry_NamesTheStateAndField(string retry, string field)
    {
        var errors = Validate(Head + $$"""
              first: {type: Task, resource: svc.x, next: done, retry: {{retry}} }
              done: {type: Success}
            """);

        AssertOnly(errors, "first", field);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    public void Validate_TimeoutNotPositive_NamesTheState(string timeout)
    {
        var errors = Validate(Head + $$"""
              first: {type: Task, resource: svc.x, next: done, timeout: {{timeout}} }
              done: {type: Success}
            """);

        AssertOnly(errors, "first", "timeout");
    }

    [Fact]
    public void Validate_LoopWithNoTerminal_NamesTheStartState()
    {
        var errors = Validate(Head + """
              first: {type: Task, resource: svc.x, next: second}
              second: {type: Choice, choices: [{condition: {variable: $.a, isPresent: true}, next: first}], default: second}
              unreachable_end: {type: Success}
            """);

        AssertOnly(errors, "first", "startAt");
        Assert.Contains("no path leads from startAt 'first' to a terminal state", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TerminalReachedOnlyThroughACatch_HasNoErrors()
    {
        var errors = Validate(Head + """
              first: {type: Task, resource: svc.x, next: first, catch: [{errorType: States.ALL, next: stop}]}
              stop: {type: Fail, error: Boom}
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_SeveralFaults_ReportsEachOne()
    {
        var errors = Validate("name: n\nversion: 1\nstartAt: a\nstates:\n  a: {type: Task, next: b}\n  b: {type: Choice}\n  c: {type: Nope}\n");

        Assert.Equal([("a", "resource"), ("b", "choices"), ("c", "type"), ("a", "startAt")], errors.Select(e => (e.State!, e.Field)));
    }
}

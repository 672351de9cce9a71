using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Validation;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private readonly WorkflowValidator validator = new(new ActivityRegistry());

    [Fact]
    public void Validate_ListsEveryProblemAtOnceWithActivityIds()
    {
        var definition = Def(
            [A("s", "Elsa.Start"), A("x", "Acme.Unknown"), A("w", "Elsa.WriteLine", ("text", Js("return (;"))), A("d", "Elsa.FlowDecision")],
            [C("s", "w"), C("w", "ghost"), C("d", "w", "Maybe")]);

        var errors = validator.Validate(definition);

        Assert.Contains(errors, e => e.ActivityId == "x" && e.Message.Contains("Unknown activity type 'Acme.Unknown'"));
        Assert.Contains(errors, e => e.ActivityId == "w" && e.Message.Contains("syntax error"));
        Assert.Contains(errors, e => e.ActivityId == "w" && e.Message.Contains("missing activity 'ghost'"));
        Assert.Contains(errors, e => e.ActivityId == "d" && e.Message.Contains("'Maybe'"));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Validate_AWorkflowUsedAsAnActivity_IsKnownByItsDefinitionId_AndItsPortsAreItsOutcomes_ButItsExpressionsAreChecked()
    {
        var definition = Def(
            [A("s", "Elsa.Start"), A("use", "ChildWithOutcomes", ("workflowDefinitionId", "child"), ("amount", Js("return (;")), ("note", Lit("x"))), WriteLine("w", "ok")],
            [C("s", "use"), C("use", "w", "Approved")]);

        var error = Assert.Single(validator.Validate(definition));

        Assert.Equal("use", error.ActivityId);
        Assert.StartsWith("Input 'amount':", error.Message);
    }

    [Fact]
    public void Validate_EmptyWorkflow_HasNoStart()
    {
        var error = Assert.Single(validator.Validate(Def([], [])));
        Assert.Null(error.ActivityId);
        Assert.Contains("no start", error.Message);
    }

    [Fact]
    public void Validate_RootWithoutId_IsAnErrorNotACrash()
    {
        var definition = new PatientDocs.Engine.Definitions.WorkflowDefinition(new JsonObject { ["root"] = new JsonObject { ["type"] = "Elsa.Sequence" } });
        Assert.Equal("The root activity (Elsa.Sequence) has no id.", Assert.Single(validator.Validate(definition)).Message);
    }

    [Fact]
    public void Validate_SequenceRoot_ChecksEveryNestedActivity()
    {
        var definition = Root(Seq("seq", WriteLine("w", "x"), A("if", "Elsa.If", ("condition", Lit(true)), ("then", A("bad", "Nope.Missing")))));

        var error = Assert.Single(validator.Validate(definition));

        Assert.Equal(("bad", "Unknown activity type 'Nope.Missing'."), (error.ActivityId, error.Message));
    }

    [Theory]
    [InlineData("0 0 * * * *", true)]
    [InlineData("*/5 * * * *", true)]
    [InlineData("BadCronExpression", false)]
    [InlineData("61 * * * * *", false)]
    public void Validate_CronExpressions(string expression, bool valid)
    {
        var errors = validator.Validate(Def([A("c", "Elsa.Cron", ("cronExpression", Lit(expression)))], []));
        Assert.True(valid == (errors.Count == 0), string.Join("; ", errors.Select(e => e.Message)));
    }

    [Fact]
    public void Validate_AMalformedCronExpression_IsReportedAsElsaReportsIt()
    {
        var error = Assert.Single(validator.Validate(Def([A("c", "Elsa.Cron", ("cronExpression", Lit("BadCronExpression")))], [])));

        Assert.Equal(
            "Error when parsing cron expression: The given cron expression has an invalid format. Seconds: Value must be a number between 0 and 59 (all inclusive).",
            error.Message);
    }

    [Fact]
    public void Validate_ValidWorkflow_HasNoErrors()
    {
        Assert.Empty(validator.Validate(Def([A("s", "Elsa.Start"), WriteLine("w", "x")], [C("s", "w")])));
    }
}

using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Tests.Expressions;
using PatientDocs.Engine.Tests.Support;
using PatientDocs.Engine.Validation;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Validation;

/// <summary>Publish parses scripts with the parsers that run them: Jint 4 (ES2023) for JavaScript, Fluid for Liquid.</summary>
public sealed class ExpressionSyntaxValidationTests
{
    private readonly WorkflowValidator validator = new(new ActivityRegistry());

    [Theory]
    [InlineData("`Child received: ${getMessage()}`")]
    [InlineData("const f = ({ a, ...rest }) => [a, ...Object.keys(rest)]; return f({ a: 1 });")]
    [InlineData("class A { #x = 1; get x() { return this.#x; } } new A().x ?? 0")]
    public void Es2023Script_IsAccepted(string script) =>
        Assert.Empty(validator.Validate(Def([A("w", "Elsa.WriteLine", ("text", Js(script)))], [])));

    [CorpusFact]
    public void ElsasTemplateLiteralWorkflow_IsAcceptedOnPublish()
    {
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Corpus.Path("ExecuteWorkflow__child-with-input.json")));

        Assert.Empty(validator.Validate(definition));
    }

    [Fact]
    public void LiquidTemplate_IsAccepted() =>
        Assert.Empty(validator.Validate(Def([A("w", "Elsa.WriteLine", ("text", ExpressionRun.Liquid("{{ Variables.Name | upcase }}")))], [])));

    [Theory]
    [InlineData("{% if %}", "Input 'text': Liquid syntax error")]
    [InlineData("{% for i in (1..999999999) %}{% endfor %}", "Input 'text': Liquid range (1..999999999) is longer than")]
    public void BadLiquidTemplate_IsRejectedNamingTheInput(string template, string message)
    {
        var error = Assert.Single(validator.Validate(Def([A("w", "Elsa.WriteLine", ("text", ExpressionRun.Liquid(template)))], [])));

        Assert.Equal("w", error.ActivityId);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void JavaScriptSyntaxError_NamesTheLine()
    {
        var error = Assert.Single(validator.Validate(Def([A("w", "Elsa.WriteLine", ("text", Js("let a = 1;\nlet = ;")))], [])));

        Assert.StartsWith("Input 'text': JavaScript syntax error:", error.Message);
        Assert.Contains("(line 2)", error.Message);
    }
}

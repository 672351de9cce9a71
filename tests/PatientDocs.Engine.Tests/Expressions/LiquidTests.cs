using System.Text.Json.Nodes;
using static PatientDocs.Engine.Tests.Expressions.ExpressionRun;

namespace PatientDocs.Engine.Tests.Expressions;

/// <summary>Liquid expressions as Elsa 3 renders them: Elsa's context names, Fluid's filters and Elsa's own.</summary>
public sealed class LiquidTests
{
    private static string Render(string template, JsonObject? input = null)
    {
        var run = WriteLine(Liquid(template), input, correlationId: "corr-1");
        Assert.Null(run.IncidentMessage);
        return Assert.Single(run.Lines);
    }

    [Theory]
    [InlineData("{{ Variables.Name }} has {{ Variables.Count }}", "Ada has 5")]
    [InlineData("{{ Input.Order.id }}/{{ Input.Order.tags[1] }}", "17/b")]
    [InlineData("{{ WorkflowInstanceId }}", "inst-1")]
    [InlineData("{{ CorrelationId }}", "corr-1")]
    [InlineData("{{ WorkflowDefinitionId }}", "def")]
    [InlineData("{{ WorkflowDefinitionVersionId }}", "v1")]
    [InlineData("{{ WorkflowDefinitionVersion }}", "1")]
    public void ContextNames_AreElsas(string template, string expected) =>
        Assert.Equal(expected, Render(template, new JsonObject { ["Order"] = new JsonObject { ["id"] = 17, ["tags"] = new JsonArray("a", "b") } }));

    [Theory]
    [InlineData("{{ Input.Order | json }}", "{\"id\":17,\"price\":12.99}")]
    [InlineData("{{ Input.Order.price | round }}", "13")]
    [InlineData("{{ Variables.Name | upcase | append: '!' }}", "ADA!")]
    [InlineData("{{ Variables.Name | base64 }}", "QWRh")]
    [InlineData("{{ Input.Order | base64 }}", "eyJpZCI6MTcsInByaWNlIjoxMi45OX0=")]
    [InlineData("{{ Input.Order | keys | join: ',' }}", "id,price")]
    [InlineData("{% for n in (1..3) %}{{ n }}{% endfor %}", "123")]
    [InlineData("{% if Variables.Count > 4 %}many{% else %}few{% endif %}", "many")]
    [InlineData("{{ 'now' | date: '%Y-%m-%d' }}", "2031-05-06")]
    public void Filters_AndTags_Render(string template, string expected) =>
        Assert.Equal(expected, Render(template, new JsonObject { ["Order"] = new JsonObject { ["id"] = 17, ["price"] = 12.99 } }));

    [Fact]
    public void AnUnknownName_RendersEmpty_AsInLiquid() => Assert.Equal("[]", Render("[{{ Variables.Missing }}]"));

    [Fact]
    public void ASyntaxError_IsAnIncident()
    {
        var run = WriteLine(Liquid("{% if %}"));

        Assert.Contains("Liquid syntax error", run.IncidentMessage);
        Assert.Empty(run.Lines);
    }
}

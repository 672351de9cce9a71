using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Expressions;

/// <summary>Elsa 3's JavaScript functions, each with Elsa's name and meaning.</summary>
public sealed class JavaScriptSurfaceTests
{
    private static string Line(string script, JsonObject? input = null, string? correlationId = null)
    {
        var run = ExpressionRun.WriteLine(Js(script), input, correlationId);
        Assert.Null(run.IncidentMessage);
        return Assert.Single(run.Lines);
    }

    [Theory]
    [InlineData("getWorkflowInstanceId()", "inst-1")]
    [InlineData("workflowInstanceId", "inst-1")]
    [InlineData("getWorkflowDefinitionId()", "def")]
    [InlineData("getWorkflowDefinitionVersionId()", "v1")]
    [InlineData("getWorkflowDefinitionVersion() + 1", "2")]
    [InlineData("getCorrelationId()", "corr-1")]
    [InlineData("correlationId", "corr-1")]
    public void Identity_ReadsTheInstanceAndItsDefinition(string script, string expected) =>
        Assert.Equal(expected, Line(script, correlationId: "corr-1"));

    [Theory]
    [InlineData("getVariable('Count') + 1", "6")]
    [InlineData("getVariable('id-Name')", "Ada")]
    [InlineData("variables.Name + variables.Count", "Ada5")]
    [InlineData("getCount() * 2", "10")]
    [InlineData("getName()", "Ada")]
    [InlineData("getInput('Order').id", "17")]
    [InlineData("input.Order.id", "17")]
    [InlineData("getOrder().id", "17")]
    public void VariablesAndInput_ReadAsElsaNamesThem(string script, string expected) =>
        Assert.Equal(expected, Line(script, new JsonObject { ["Order"] = new JsonObject { ["id"] = 17 } }));

    [Theory]
    [InlineData("isNullOrEmpty('') && isNullOrEmpty(null) && !isNullOrEmpty(' ')", "true")]
    [InlineData("isNullOrWhiteSpace(' ') && isNullOrWhiteSpace(undefined) && !isNullOrWhiteSpace('a')", "true")]
    [InlineData("toJson({ b: [1, 'x<'], a: null })", "{\"b\":[1,\"x\\u003C\"],\"a\":null}")]
    [InlineData("toJson('hi')", "\"hi\"")]
    [InlineData("JSON.parse(toJson({ n: 2 })).n", "2")]
    [InlineData("parseGuid('{6F9619FF-8B86-D011-B42D-00C04FC964FF}')", "6f9619ff-8b86-d011-b42d-00c04fc964ff")]
    [InlineData("stringToBase64('héllo')", "aMOpbGxv")]
    [InlineData("stringFromBase64('aMOpbGxv')", "héllo")]
    [InlineData("bytesToBase64(bytesFromString('hi'))", "aGk=")]
    [InlineData("bytesToString(bytesFromBase64('aGk='))", "hi")]
    [InlineData("bytesFromString('A').join()", "65")]
    public void Helpers_BehaveAsElsas(string script, string expected) => Assert.Equal(expected, Line(script));

    [Fact]
    public void NewGuids_AreFreshAndShortGuidsHaveNoBase64Noise()
    {
        var line = Line("[newGuid(), newGuidString(), getGuidString(), newShortGuid(), getShortGuid()].join(' ')");

        var parts = line.Split(' ');
        Assert.All(parts[..3], p => Assert.True(Guid.TryParse(p, out _), p));
        Assert.Equal(5, parts.Distinct().Count());
        Assert.All(parts[3..], p => Assert.Matches("^[A-Za-z0-9]{16,22}$", p));
    }

    [Fact]
    public void ParseGuid_OfNonsense_IsAScriptErrorTheScriptCanCatch()
    {
        Assert.Equal("caught", Line("try { parseGuid('nope'); return 'parsed'; } catch (e) { return 'caught'; }"));
    }

    [Fact]
    public void SetVariable_AndAccessors_PersistAndAreSeenInTheSameScript()
    {
        var run = ExpressionRun.WriteLine(Js("setVariable('Count', 9); setName('Bob'); variables.Extra = { a: 1 }; `${getCount()} ${variables.Name} ${getVariable('Extra').a}`"));

        Assert.Equal(["9 Bob 1"], run.Lines);
        Assert.Equal(9, run.Variables["Count"]!.GetValue<int>());
        Assert.Equal("Bob", run.Variables["Name"]!.GetValue<string>());
        Assert.Equal(1, run.Variables["Extra"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public void AScriptThatFails_WritesBackNoVariable()
    {
        var run = ExpressionRun.WriteLine(Js("setVariable('Count', 9); throw new Error('late');"));

        Assert.Equal(WorkflowSubStatus.Faulted, run.Result.SubStatus);
        Assert.Equal(5, run.Variables["Count"]!.GetValue<int>());
    }

    [Fact]
    public void SetCorrelationId_IsTheInstancesCorrelationIdAfterTheBurst()
    {
        var run = ExpressionRun.Start(Def(
            [A("js", "Elsa.RunJavaScript", ("script", Lit("setCorrelationId(`order-${getInput('id')}`)"))), A("w", "Elsa.WriteLine", ("text", Js("getCorrelationId()")))],
            [C("js", "w")]), new JsonObject { ["id"] = 42 }, correlationId: "before");

        Assert.Equal(["order-42"], run.Lines);
        Assert.Equal("order-42", run.Result.CorrelationId);
        Assert.Equal("order-42", run.State["correlationId"]!.GetValue<string>());
    }

    [Fact]
    public void OutputAccessors_ReadAnEarlierActivitysOutput()
    {
        var run = ExpressionRun.Start(Def(
            [A("calc", "Elsa.RunJavaScript", ("script", Lit("return 6 * 7;"))), A("w", "Elsa.WriteLine", ("text", Js("`${getResultFromCalc()} ${getOutputFrom('calc')} ${getLastResult()}`")))],
            [C("calc", "w")]));

        Assert.Equal(["42 42 42"], run.Lines);
    }

    [Fact]
    public void DeclaredInputs_HaveAccessorsEvenWithoutAValue()
    {
        var json = Def([A("w", "Elsa.WriteLine", ("text", Js("`got ${getMessage()}`")))], []).Json;
        json["inputs"] = new JsonArray(new JsonObject { ["name"] = "Message", ["type"] = "String" });

        Assert.Equal(["got null"], ExpressionRun.Start(new WorkflowDefinition(json)).Lines);
        Assert.Equal(["got hello"], ExpressionRun.Start(new WorkflowDefinition(json), new JsonObject { ["Message"] = "hello" }).Lines);
    }

    [Fact]
    public void DateNow_ReadsTheEnginesClock()
    {
        Assert.Equal(ExpressionRun.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), Line("new Date().toISOString()"));
    }
}

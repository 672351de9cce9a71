using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Expressions;

/// <summary>Modern JavaScript as Elsa 3 runs it (Jint 4): what ES5 rejected now parses and runs.</summary>
public sealed class JavaScriptEs2023Tests
{
    [Theory]
    [InlineData("`${variables.Name} has ${variables.Count} items`", "Ada has 5 items")]
    [InlineData("const double = n => n * 2; double(getCount())", "10")]
    [InlineData("let total = 0; for (const n of [1, 2, 3]) { total += n; } total", "6")]
    [InlineData("const { a, b: [, second] } = { a: 1, b: [2, 3] }; a + second", "4")]
    [InlineData("class Point { constructor(x) { this.x = x; } get twice() { return this.x * 2; } } new Point(4).twice", "8")]
    [InlineData("const o = { ...{ a: 1 }, b: 2 }; Math.max(...[o.a, o.b, 0])", "2")]
    [InlineData("input?.missing?.deep ?? 'none'", "none")]
    [InlineData("[3, 1, 2].toSorted().at(-1)", "3")]
    [InlineData("[1, 2, 3].findLast(n => n < 3)", "2")]
    [InlineData("Object.entries({ x: 1 }).map(([k, v]) => `${k}=${v}`).join()", "x=1")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("return [1, 2].includes(2) ? 'yes' : 'no';", "yes")]
    public void ModernSyntax_Runs(string script, string expected)
    {
        var run = ExpressionRun.WriteLine(Js(script));

        Assert.Null(run.IncidentMessage);
        Assert.Equal([expected], run.Lines);
    }

    [Fact]
    public void ASyntaxError_NamesTheLine()
    {
        var run = ExpressionRun.WriteLine(Js("const a = 1;\nconst = 2;"));

        Assert.Contains("JavaScript syntax error", run.IncidentMessage);
        Assert.Contains("line 2", run.IncidentMessage);
    }
}

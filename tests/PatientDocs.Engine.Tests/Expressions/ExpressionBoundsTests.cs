using System.Diagnostics;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Expressions;

/// <summary>Each bound on a runaway expression stops it and faults its activity with an incident that says which bound.</summary>
public sealed class ExpressionBoundsTests
{
    // Every bound but the one under test is far away, so the message proves which one stopped the script.
    private static readonly JavaScriptOptions Loose = new() { Timeout = TimeSpan.FromSeconds(20), MaxStatements = int.MaxValue, RecursionLimit = 10_000, MemoryLimitBytes = 4L * 1024 * 1024 * 1024 };

    public static TheoryData<string, JavaScriptOptions, string> RunawayScripts => new()
    {
        { "while (true) { }", Loose with { Timeout = TimeSpan.FromMilliseconds(200) }, "ran longer than 200 ms and was stopped" },
        { "let i = 0; while (true) { i++; }", Loose with { MaxStatements = 10_000 }, "ran more than 10000 statements and was stopped" },
        { "const f = n => f(n + 1); f(0)", Loose with { RecursionLimit = 50 }, "recursed deeper than 50 calls and was stopped" },
        { "const keep = []; while (true) { keep.push(new Array(10000).fill('x')); }", Loose with { MemoryLimitBytes = 16L * 1024 * 1024 }, "allocated more than 16 MB and was stopped" },
    };

    [Theory]
    [MemberData(nameof(RunawayScripts))]
    public void RunawayScript_BecomesAnIncident_NamingTheBound(string script, JavaScriptOptions limits, string message)
    {
        var watch = Stopwatch.StartNew();
        var run = ExpressionRun.WriteLine(Js(script), javaScript: limits);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(WorkflowSubStatus.Faulted, run.Result.SubStatus);
        Assert.Equal("w", run.State["incidents"]![0]!["activityId"]!.GetValue<string>());
        Assert.Equal($"Input 'text': JavaScript {message}.", run.IncidentMessage);
        Assert.Empty(run.Lines);
    }

    [Fact]
    public void RunawayRunJavaScript_FaultsTheActivity()
    {
        var run = ExpressionRun.Start(Def([A("js", "Elsa.RunJavaScript", ("script", Lit("for (;;) {}")))], []), javaScript: Loose with { MaxStatements = 1_000 });

        Assert.Equal(WorkflowSubStatus.Faulted, run.Result.SubStatus);
        Assert.Contains("ran more than 1000 statements", run.IncidentMessage);
    }

    [Fact]
    public void RunawayLiquidLoop_StopsAtMaxSteps()
    {
        var run = ExpressionRun.WriteLine(ExpressionRun.Liquid("{% for i in (1..50) %}{% for j in (1..50) %}{% for k in (1..50) %}x{% endfor %}{% endfor %}{% endfor %}"), liquid: new LiquidOptions { MaxSteps = 1_000 });

        Assert.Equal(WorkflowSubStatus.Faulted, run.Result.SubStatus);
        Assert.Equal("Input 'text': Liquid template exceeded 1000 steps or 64 nested includes and was stopped.", run.IncidentMessage);
        Assert.Empty(run.Lines);
    }

    [Fact]
    public void HugeLiteralLiquidRange_IsRefusedBeforeFluidBuildsIt()
    {
        var watch = Stopwatch.StartNew();
        var run = ExpressionRun.WriteLine(ExpressionRun.Liquid("{% for i in (1..100000000) %}x{% endfor %}"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal("Input 'text': Liquid range (1..100000000) is longer than the 100000 steps a template may take.", run.IncidentMessage);
    }

    [Fact]
    public void LiquidTextThatDoublesItself_StopsAtMaxOutputLength()
    {
        var template = "{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";

        var run = ExpressionRun.WriteLine(ExpressionRun.Liquid(template), liquid: new LiquidOptions { MaxOutputLength = 10_000 });

        Assert.Equal("Input 'text': Liquid template built text longer than 10000 characters and was stopped.", run.IncidentMessage);
    }

    [Fact]
    public void LiquidOutputPastTheBound_IsStopped()
    {
        var run = ExpressionRun.WriteLine(ExpressionRun.Liquid("{% for i in (1..500) %}0123456789{% endfor %}"), liquid: new LiquidOptions { MaxOutputLength = 1_000 });

        Assert.Equal("Input 'text': Liquid template wrote more than 1000 characters and was stopped.", run.IncidentMessage);
    }

    [Fact]
    public void WithinTheBounds_TheSameScriptsRun()
    {
        Assert.Equal(["10000"], ExpressionRun.WriteLine(Js("let i = 0; while (i < 10000) { i++; } i")).Lines);
        Assert.Equal(["xxx"], ExpressionRun.WriteLine(ExpressionRun.Liquid("{% for i in (1..3) %}x{% endfor %}")).Lines);
    }
}

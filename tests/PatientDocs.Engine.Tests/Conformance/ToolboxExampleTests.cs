using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;

namespace PatientDocs.Engine.Tests.Conformance;

/// <summary>
/// The control-flow and expression cases of ../shared/elsa-toolbox-examples, read in place: each runs to its end (timers driven on the
/// fake clock) and must produce exactly what expectations.json says Elsa produces.
/// </summary>
public sealed class ToolboxExampleTests
{
    [ToolboxFact]
    public void SequenceVariables_AreReadAndUpdatedInOrder() => Check("sequence-variables");

    [ToolboxFact]
    public void IfThenElse_RunsTheMatchingBranchAndSetsResult() => Check("if-then-else");

    [ToolboxFact]
    public void ForEachBreak_LeavesTheLoopAndTheSequenceGoesOn() => Check("foreach-break");

    [ToolboxFact]
    public void SwitchModes_MatchFirstMatchAnyAndDefault() => Check("switch-modes");

    [ToolboxFact]
    public void ForkWaitAll_RunsEveryBranchInOrder() => Check("fork-waitall");

    [ToolboxFact]
    public void TimerSequence_SuspendsForItsIntervalThenGoesOn() => Check("timer-sequence");

    [ToolboxFact]
    public void ModernJavaScript_ConstArrowsAndTemplateLiterals() => Check("js-es2015-native-variables");

    [ToolboxFact]
    public void Liquid_ReadsTheVariables() => Check("liquid-variables");

    private static void Check(string name)
    {
        var e = ToolboxExamples.Expectation(name);
        var h = new Harness();
        var startedAt = h.Time.GetUtcNow();
        var result = h.Start(WorkflowDefinition.Parse(File.ReadAllText(ToolboxExamples.Path(e["file"]!.GetValue<string>()))));
        while (result.Status != WorkflowStatus.Finished && h.Bookmarks.Any(b => b.Kind == BookmarkKind.Timer))
        {
            var due = h.Bookmarks.Where(b => b.Kind == BookmarkKind.Timer).Min(b => b.DueAt!.Value);
            h.Time.SetUtcNow(due);
            h.ResumeDueTimers();
            result = h.Last!;
        }

        Assert.True(result.IncidentCount == 0, $"incidents: {h.StateObject["incidents"]?.ToJsonString()}");
        if (e["expectedStatus"]!.GetValue<string>() == "Finished")
        {
            Assert.Equal(WorkflowStatus.Finished, result.Status);
        }

        Assert.Equal(Enum.Parse<WorkflowSubStatus>(e["expectedSubStatus"]!.GetValue<string>()), result.SubStatus);
        var expected = e["expectedWriteLines"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        if (e["writeLineOrderMatters"]!.GetValue<bool>())
        {
            Assert.Equal(expected, h.Lines);
        }
        else
        {
            Assert.Equal(expected.Order(), h.Lines.Order());
        }

        var executed = h.Journal.Where(j => j.EventName == "Started").Select(j => j.ActivityId).ToHashSet();
        Assert.All(e["mustExecute"]!.AsArray().Select(x => x!.GetValue<string>()), id => Assert.Contains(id, executed));
        Assert.All(e["mustNotExecute"]!.AsArray().Select(x => x!.GetValue<string>()), id => Assert.DoesNotContain(id, executed));
        if (e["minElapsedSeconds"] is JsonValue min)
        {
            Assert.True((h.Time.GetUtcNow() - startedAt).TotalSeconds >= min.GetValue<double>(), "the instance finished before its timer was due");
        }
    }
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using PatientDocs.Engine.Validation;

namespace PatientDocs.Engine.Tests.Conformance;

/// <summary>
/// Runs Elsa's own workflow files (read in place from ../shared/elsa-conformance) and checks every expectation its tests
/// assert: status, WriteLine lines, activities that must or must not run, and publish errors.
/// </summary>
public sealed class ElsaConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        if (Corpus.Folder is null)
        {
            // One case to report on: skipped locally, failing under CI with where the corpus was looked for.
            data.Add("(corpus absent)");
            return data;
        }

        foreach (var e in Expectations().OfType<JsonNode>())
        {
            if (IsChecked(e))
            {
                data.Add(e["file"]!.GetValue<string>());
            }
        }

        return data;
    }

    [CorpusTheory]
    [MemberData(nameof(Cases))]
    public void ElsaCase_BehavesAsElsasTestsAssert(string file)
    {
        var e = Expectations().OfType<JsonNode>().Single(x => x["file"]!.GetValue<string>() == file);
        var definition = WorkflowDefinition.Parse(File.ReadAllText(Corpus.Path(file)));
        if (file.StartsWith("ImportAndPublish__", StringComparison.Ordinal))
        {
            CheckPublish(file, definition);
            return;
        }

        var mode = e["flowchartExecutionMode"]?.GetValue<string>() == "TokenBased" ? FlowchartExecutionMode.TokenBased : (FlowchartExecutionMode?)null;
        var h = new Harness(mode);
        var result = h.RunUntilEnd(definition);

        if (e["expectedStatus"]?.GetValue<string>() == "Finished")
        {
            Assert.Equal(WorkflowStatus.Finished, result.Status);
        }

        if (e["expectedSubStatus"]?.GetValue<string>() == "Finished")
        {
            Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        }

        if (e["expectedWriteLines"] is JsonArray lines)
        {
            var expected = lines.Select(l => l!.GetValue<string>()).ToList();
            if (e["writeLineOrderMatters"]?.GetValue<bool>() == true)
            {
                Assert.Equal(expected, h.Lines);
            }
            else
            {
                Assert.Equal(expected.Order(), h.Lines.Order());
            }
        }

        var executed = h.Journal.Where(j => j.EventName == "Started").Select(j => j.ActivityId).ToHashSet();
        foreach (var id in e["mustExecute"]!.AsArray().Select(x => x!.GetValue<string>()))
        {
            Assert.Contains(id, executed);
        }

        foreach (var id in e["mustNotExecute"]!.AsArray().Select(x => x!.GetValue<string>()))
        {
            Assert.DoesNotContain(id, executed);
        }

        if (e["notes"]?.GetValue<string>().Contains("exactly ONE 'Completed'", StringComparison.Ordinal) == true)
        {
            Assert.Equal(1, h.CompletedCount(e["mustExecute"]![0]!.GetValue<string>()));
        }
    }

    private static void CheckPublish(string file, WorkflowDefinition definition)
    {
        var errors = new WorkflowValidator(new ActivityRegistry()).Validate(definition);
        if (file.Contains("bad-cron", StringComparison.Ordinal))
        {
            Assert.StartsWith("Error when parsing cron expression:", Assert.Single(errors).Message);
        }
        else
        {
            // A first publish is clean; the duplicate-route check of http-workflow belongs to the server's publish.
            Assert.Empty(errors);
        }
    }

    private static bool IsChecked(JsonNode e) =>
        e["expectedStatus"]?.GetValue<string>() == "Finished"
        || e["expectedSubStatus"]?.GetValue<string>() == "Finished"
        || e["expectedWriteLines"] is JsonArray
        || e["mustExecute"]!.AsArray().Count > 0
        || e["mustNotExecute"]!.AsArray().Count > 0
        || e["file"]!.GetValue<string>().StartsWith("ImportAndPublish__", StringComparison.Ordinal);

    private static JsonArray Expectations() => JsonNode.Parse(File.ReadAllText(Path.Combine(Corpus.RequireFolder(), "expectations.json")))!.AsArray();
}

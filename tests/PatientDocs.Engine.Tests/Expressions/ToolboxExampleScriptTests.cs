using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Expressions;

/// <summary>
/// The JavaScript and Liquid toolbox examples (../shared/elsa-toolbox-examples, read in place): the same activities and
/// expressions, in the same order, under a Flowchart root, must write the lines expectations.json gives for Elsa.
/// </summary>
public sealed class ToolboxExampleScriptTests
{
    private static readonly string[] Meta = ["id", "name", "type", "version", "customProperties", "metadata"];

    [CorpusTheory]
    [InlineData("derived__js-es2015-native-variables.json")]
    [InlineData("derived__liquid-variables.json")]
    public void ScriptsOfTheExample_WriteElsasLines(string file)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Corpus.RequireFolder())!, "elsa-toolbox-examples");
        Assert.True(Directory.Exists(folder), $"{folder} is missing");
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "workflows", file)))!.AsObject();
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expectations.json")))!.AsArray()
            .Single(e => e!["file"]!.GetValue<string>() == file)!["expectedWriteLines"]!.AsArray().Select(l => l!.GetValue<string>());

        var root = example["root"]!.AsObject();
        var activities = root["activities"]!.AsArray().Select(a => A(
            a!["id"]!.GetValue<string>(),
            a["type"]!.GetValue<string>(),
            a.AsObject().Where(p => !Meta.Contains(p.Key)).Select(p => (p.Key, p.Value?.DeepClone())).ToArray())).ToArray();
        var variables = (example["variables"]!.AsArray()).Concat(root["variables"]?.AsArray() ?? [])
            .Select(v => (v!["name"]!.GetValue<string>(), v["typeName"]!.GetValue<string>(), v["value"]?.ToString())).ToArray();
        var connections = activities.Zip(activities.Skip(1), (a, b) => C(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>())).ToArray();

        var run = ExpressionRun.Start(Def(activities, connections, variables));

        Assert.Null(run.IncidentMessage);
        Assert.Equal(WorkflowSubStatus.Finished, run.Result.SubStatus);
        Assert.Equal(expected, run.Lines);
    }
}

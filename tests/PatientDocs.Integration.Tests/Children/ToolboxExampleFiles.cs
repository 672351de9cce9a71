using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>The Elsa toolbox examples (../shared/elsa-toolbox-examples next to the repository), read in place.</summary>
internal static class ToolboxExampleFiles
{
    private static string Folder()
    {
        var folder = SharedFolder.Locate("elsa-toolbox-examples");
        Assert.True(Directory.Exists(folder), $"The Elsa toolbox examples are missing: {folder} does not exist.");
        return folder;
    }

    public static WorkflowDefinition Definition(string file) => WorkflowDefinition.Parse(File.ReadAllText(Path.Combine(Folder(), "workflows", file)));

    public static JsonObject Expectation(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(), "expectations.json")))!.AsArray()
            .OfType<JsonObject>().Single(e => e["name"]!.GetValue<string>() == name);

    public static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}

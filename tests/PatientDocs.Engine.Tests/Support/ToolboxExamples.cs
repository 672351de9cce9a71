using System.Text.Json.Nodes;
using PatientDocs.Testing;

namespace PatientDocs.Engine.Tests.Support;

/// <summary>
/// Finds ../shared/elsa-toolbox-examples (Elsa workflows of its standard toolbox with expectations), read in place. Absent,
/// its tests skip locally saying where it was looked for, and fail under CI (CI=true).
/// </summary>
internal static class ToolboxExamples
{
    public static string Expected { get; } = SharedFolder.Locate("elsa-toolbox-examples");

    public static string? Folder { get; } = Directory.Exists(Expected) ? Expected : null;

    public static string? SkipReason => Folder is null && !Corpus.IsCi
        ? $"The Elsa toolbox examples (../shared/elsa-toolbox-examples, looked for at {Expected}) are absent; with CI=true these tests fail instead."
        : null;

    public static string Path(string file) => System.IO.Path.Combine(RequireFolder(), "workflows", file);

    public static JsonObject Expectation(string name) =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(RequireFolder(), "expectations.json")))!.AsArray()
            .OfType<JsonObject>().Single(e => e["name"]!.GetValue<string>() == name);

    private static string RequireFolder()
    {
        if (Folder is null)
        {
            Assert.Fail($"The Elsa toolbox examples are missing: {Expected} does not exist.");
        }

        return Folder!;
    }
}

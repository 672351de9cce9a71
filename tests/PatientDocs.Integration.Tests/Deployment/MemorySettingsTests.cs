using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// The memory settings of docs/deployment.md ("Memory settings") in every way the project starts the server: two malloc
/// arenas from the first allocation (the image and the launch profile of <c>dotnet run</c>; the bench sets it in
/// <c>BuiltApps</c>) and invariant globalization (the published runtimeconfig).
/// </summary>
public sealed class MemorySettingsTests
{
    private static readonly string Root = ComposeFile.RepositoryRoot();

    [Fact]
    public void LaunchProfile_OfDotnetRun_SetsTwoMallocArenas()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "src", "PatientDocs.Server", "Properties", "launchSettings.json")))!;
        var profiles = settings["profiles"]!.AsObject();

        Assert.NotEmpty(profiles);
        foreach (var (name, profile) in profiles)
        {
            Assert.True(profile!["environmentVariables"]?["MALLOC_ARENA_MAX"]?.GetValue<string>() == "2", $"launch profile {name} does not set MALLOC_ARENA_MAX=2");
        }
    }

    [Fact]
    public void ServerImage_SetsTwoMallocArenasInItsEnvironment()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile.server"));
        var runtimeStage = dockerfile[dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];

        Assert.Matches(new Regex(@"^ENV (?:[^\n]*\\\n)*\s*MALLOC_ARENA_MAX=2\b", RegexOptions.Multiline), runtimeStage);
    }

    [Fact]
    public void ServerRuntimeConfig_RunsWithInvariantGlobalization()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PatientDocs.Server.runtimeconfig.json")))!;

        Assert.True(config["runtimeOptions"]?["configProperties"]?["System.Globalization.Invariant"]?.GetValue<bool>() == true);
    }
}

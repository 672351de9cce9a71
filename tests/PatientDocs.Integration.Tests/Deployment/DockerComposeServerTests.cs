using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// docker-compose.yml's server nodes: their environment, and the server started in process with it (the whole stack as
/// processes is <see cref="ComposeStackTests"/>).
/// </summary>
public sealed class DockerComposeServerTests
{
    private static readonly string Root = ComposeFile.RepositoryRoot();
    private static readonly string ComposePath = Path.Combine(Root, "docker-compose.yml");

    private static readonly Dictionary<string, string> Variables = ComposeFile.ExampleVariables(
        new Dictionary<string, string> { ["PATIENTDOCS_API_KEY"] = "compose-test-key" });

    [Fact]
    public void ComposeServer_Environment_PointsAtPostgreSqlAndTheSimulatorsService()
    {
        var environment = ServerEnvironment();

        Assert.Equal("PostgreSql", environment["PatientDocs__Store__Provider"]);
        Assert.Equal("Host=postgres;Port=5432;Username=patientdocs;Password=patientdocs;Database=patientdocs", environment["PatientDocs__Store__ConnectionString"]);
        Assert.Equal("http://simulators:5100/sim/document-exchange/", environment["PatientDocs__Services__DocumentExchange__BaseUrl"]);
        Assert.Equal("http://simulators:5100/sim/task-tracker/", environment["PatientDocs__Services__TaskTracker__BaseUrl"]);
        Assert.Equal("/data", environment["PatientDocs__DataFolder"]);
        Assert.Equal("http://+:8080", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("compose-test-key", environment["PatientDocs__ApiKey"]);
        Assert.Equal("false", environment["PatientDocs__Store__MigrateOnStart"]);
        Assert.Equal("/documents", environment["PatientDocs__Storage__Root"]);
    }

    [Fact]
    public void ComposeFile_WithoutAnApiKeyInTheEnvFile_RefusesToInterpolate()
    {
        var variables = ComposeFile.ExampleVariables();

        var refusal = Assert.Throws<InvalidOperationException>(() => ComposeFile.Load(ComposePath, variables));

        Assert.Contains("PATIENTDOCS_API_KEY", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeServers_ShareEverythingButTheirNodeIdAndDataFolder()
    {
        var services = ComposeFile.Load(ComposePath, Variables);
        var one = services["server-1"];
        var two = services["server-2"];

        Assert.Equal("server-1", one.Environment["PatientDocs__NodeId"]);
        Assert.Equal("server-2", two.Environment["PatientDocs__NodeId"]);
        Assert.Equal(
            one.Environment.Where(p => p.Key != "PatientDocs__NodeId").OrderBy(p => p.Key, StringComparer.Ordinal),
            two.Environment.Where(p => p.Key != "PatientDocs__NodeId").OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Contains("documents:/documents", one.Volumes);
        Assert.Contains("documents:/documents", two.Volumes);
        Assert.Contains("server-1-data:/data", one.Volumes);
        Assert.Contains("server-2-data:/data", two.Volumes);
        Assert.Equal("service_completed_successfully", one.DependsOn["migrate"]);
        Assert.Equal(["migrate"], services["migrate"].Command);
        Assert.Equal("service_healthy", services["migrate"].DependsOn["postgres"]);
        Assert.Equal("service_healthy", services["nginx"].DependsOn["server-1"]);
        Assert.Equal("service_healthy", services["nginx"].DependsOn["server-2"]);
    }

    [Fact]
    public async Task ComposeServer_Settings_RequireTheKeyEverywhereAndMountNoSimulators()
    {
        var environment = ServerEnvironment();
        using var factory = new ServerFactory();
        using var server = factory.WithWebHostBuilder(b => ApplyComposeEnvironment(b, environment));
        using var client = server.CreateClient();
        using var withKey = server.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", environment["PatientDocs__ApiKey"]);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/patient-documents/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await withKey.DeleteAsync("/sim/task-tracker/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await withKey.GetAsync("/sim/document-exchange/outages")).StatusCode);
    }

    [Fact]
    public void ComposeServer_WithoutItsKey_RefusesToStartOnEveryInterface()
    {
        var environment = ServerEnvironment();
        environment["PatientDocs__ApiKey"] = "";

        var validation = FailedStart.Of(() =>
        {
            var factory = new ServerFactory();
            return (factory, factory.WithWebHostBuilder(b => ApplyComposeEnvironment(b, environment)));
        });

        Assert.Contains("http://+:8080", validation.Message, StringComparison.Ordinal);
        Assert.Contains("PatientDocs__ApiKey", validation.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The compose variables as the in-process server's settings (<c>__</c> is <c>:</c>), except what only a container has:
    /// its store, data and workflows folders stay the test's own.
    /// </summary>
    private static IWebHostBuilder ApplyComposeEnvironment(IWebHostBuilder builder, Dictionary<string, string> environment)
    {
        string[] containerOnly =
        [
            "PatientDocs__Store__Provider", "PatientDocs__Store__ConnectionString", "PatientDocs__Store__MigrateOnStart", "PatientDocs__DataFolder",
            "PatientDocs__WorkflowsFolder", "PatientDocs__Storage__Root", "PatientDocs__Telemetry__OtlpEndpoint",
        ];
        var settings = environment
            .Where(p => !containerOnly.Contains(p.Key))
            .ToDictionary(
                p => p.Key switch { "ASPNETCORE_URLS" => "urls", "ASPNETCORE_ENVIRONMENT" => "environment", _ => p.Key.Replace("__", ":", StringComparison.Ordinal) },
                p => (string?)p.Value);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        return builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
    }

    private static Dictionary<string, string> ServerEnvironment() =>
        new(ComposeFile.Load(ComposePath, Variables)["server-1"].Environment, StringComparer.Ordinal);
}

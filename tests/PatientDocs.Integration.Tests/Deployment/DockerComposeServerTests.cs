using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using PatientDocs.Integration.Tests.Support;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// The server started with the environment variables docker-compose.yml gives it, on PostgreSQL and against the
/// simulators as a separate process — only the host names, ports, folders and TimeScale are swapped for local ones.
/// </summary>
public sealed class DockerComposeServerTests(ITestOutputHelper output)
{
    private static readonly string Root = ComposeFile.RepositoryRoot();
    private static readonly string ComposePath = Path.Combine(Root, "docker-compose.yml");
    private static readonly string[] FinishedSubStatus = ["Finished"];

    [Fact]
    public void ComposeServer_Environment_PointsAtPostgreSqlAndTheSimulatorsService()
    {
        var environment = ComposeFile.Environment(ComposePath, "server");

        Assert.Equal("PostgreSql", environment["PatientDocs__Store__Provider"]);
        Assert.Equal("Host=postgres;Port=5432;Username=patientdocs;Password=patientdocs;Database=patientdocs", environment["PatientDocs__Store__ConnectionString"]);
        Assert.Equal("http://simulators:5100/sim/document-exchange/", environment["PatientDocs__Services__DocumentExchange__BaseUrl"]);
        Assert.Equal("http://simulators:5100/sim/task-tracker/", environment["PatientDocs__Services__TaskTracker__BaseUrl"]);
        Assert.Equal("/data", environment["PatientDocs__DataFolder"]);
        Assert.Equal("http://+:8080", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("${PATIENTDOCS_API_KEY:-change-me}", ComposeFile.RawEnvironment(ComposePath, "server")["PatientDocs__ApiKey"]);
        Assert.Equal("change-me", environment["PatientDocs__ApiKey"]);
    }

    [Fact]
    public async Task ComposeServer_Settings_RequireTheKeyEverywhereAndMountNoSimulators()
    {
        var environment = ComposeFile.Environment(ComposePath, "server");
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
        var environment = ComposeFile.Environment(ComposePath, "server");
        environment["PatientDocs__ApiKey"] = "";

        var validation = FailedStart.Of(() =>
        {
            var factory = new ServerFactory();
            return (factory, factory.WithWebHostBuilder(b => ApplyComposeEnvironment(b, environment)));
        });

        Assert.Contains("http://+:8080", validation.Message, StringComparison.Ordinal);
        Assert.Contains("PatientDocs__ApiKey", validation.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ComposeServer_OnPostgreSql_FinishesPatientsAgainstExternalSimulators()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable);
        Assert.False(string.IsNullOrWhiteSpace(admin), $"{PostgresFactAttribute.Variable} must be set when CI=true (scripts/postgres.sh prints it).");

        var database = $"pd_deploy_{Guid.NewGuid():N}";
        await ExecuteAsync(admin!, $"CREATE DATABASE \"{database}\"");
        var dataFolder = Directory.CreateTempSubdirectory("pd-deploy-").FullName;
        try
        {
            var simPort = FreePort.Next();
            var serverPort = FreePort.Next();
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

            var environment = ComposeFile.Environment(ComposePath, "server");
            var local = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in environment)
            {
                // Same keys and values, with the containers' host names, ports and paths swapped for this machine's.
                local[key] = value.Replace("http://simulators:5100", $"http://127.0.0.1:{simPort}", StringComparison.Ordinal);
            }

            local["ASPNETCORE_URLS"] = $"http://127.0.0.1:{serverPort}";
            local["PatientDocs__Store__ConnectionString"] = connection;
            local["PatientDocs__DataFolder"] = dataFolder;
            local["PatientDocs__WorkflowsFolder"] = Path.Combine(Root, "workflows");
            local["PatientDocs__TimeScale"] = "600";

            var simulatorsEnvironment = ComposeFile.Environment(ComposePath, "simulators");
            simulatorsEnvironment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{simPort}";
            simulatorsEnvironment["Simulators__TimeScale"] = "600";

            await using var simulators = await AppProcess.StartAsync("PatientDocs.Simulators", "/sim/task-tracker/stats", [], simPort, simulatorsEnvironment,
                Path.Combine(Root, "src", "PatientDocs.Simulators"));
            await using var server = await AppProcess.StartAsync("PatientDocs.Server", "/health", [], serverPort, local,
                Path.Combine(Root, "src", "PatientDocs.Server"));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serverPort}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Api-Key", local["PatientDocs__ApiKey"]);
            try
            {
                var patientIds = new[] { "P000001", "P000002", "P000003" };
                using var start = await http.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds });
                Assert.True(start.IsSuccessStatusCode, $"bulk start answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
                var instanceIds = (await start.Content.ReadFromJsonAsync<JsonNode>())!["instanceIds"]!.AsArray();
                Assert.Equal(3, instanceIds.Count);

                await WaitForAsync(async () => await FinishedAsync(http) == 3, server, TimeSpan.FromSeconds(120));

                Assert.Equal(3, await FinishedAsync(http));
                var tables = await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
                Assert.True(tables > 0, "the server wrote no tables to the PostgreSQL database named by the compose environment");
            }
            finally
            {
                output.WriteLine("--- server (tail) ---\n" + Tail(server.Output));
                output.WriteLine("--- simulators (tail) ---\n" + Tail(simulators.Output));
            }
        }
        finally
        {
            await PostgresCleanup.DropDatabaseAsync(admin!, database, output.WriteLine);
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException e)
            {
                output.WriteLine($"The data folder {dataFolder} was left behind: {e.Message}");
            }
        }
    }

    /// <summary>
    /// The compose variables as the in-process server's settings (<c>__</c> is <c>:</c>), except what only a container has:
    /// its store, data and workflows folders stay the test's own.
    /// </summary>
    private static IWebHostBuilder ApplyComposeEnvironment(IWebHostBuilder builder, Dictionary<string, string> environment)
    {
        string[] containerOnly = ["PatientDocs__Store__Provider", "PatientDocs__Store__ConnectionString", "PatientDocs__DataFolder", "PatientDocs__WorkflowsFolder"];
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

    private static string Tail(string text) => text.Length <= 8000 ? text : text[^8000..];

    private static async Task<int> FinishedAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/elsa/api/workflow-instances", new { page = 0, pageSize = 1, subStatuses = FinishedSubStatus });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["totalCount"]!.GetValue<int>();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, AppProcess server, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (!await condition())
        {
            Assert.False(server.HasExited, "the server exited:\n" + Tail(server.Output));
            Assert.False(timeout.IsCancellationRequested, $"not reached within {limit.TotalSeconds} s");
            await timer.WaitForNextTickAsync();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

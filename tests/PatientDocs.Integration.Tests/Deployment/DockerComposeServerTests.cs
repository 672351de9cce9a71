using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
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
            var simPort = FreePort();
            var serverPort = FreePort();
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

            using var simulators = new ChildApp(Path.Combine(AppContext.BaseDirectory, "PatientDocs.Simulators.dll"),
                Path.Combine(Root, "src", "PatientDocs.Simulators"), simulatorsEnvironment);
            using var server = new ChildApp(Path.Combine(AppContext.BaseDirectory, "PatientDocs.Server.dll"),
                Path.Combine(Root, "src", "PatientDocs.Server"), local);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serverPort}"), Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                await WaitForAsync(async () => (await GetStatusAsync(http, "/health")) == HttpStatusCode.OK, server, TimeSpan.FromSeconds(90));

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

    private static string Tail(string text) => text.Length <= 8000 ? text : text[^8000..];

    private static async Task<int> FinishedAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/elsa/api/workflow-instances", new { page = 0, pageSize = 1, subStatuses = FinishedSubStatus });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["totalCount"]!.GetValue<int>();
    }

    private static async Task<HttpStatusCode?> GetStatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, ChildApp server, TimeSpan limit)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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

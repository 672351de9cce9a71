using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>
/// One server process on SQLite with a fresh data folder, and optionally the simulators as their own process (so they
/// outlive a server kill); everything the scenarios read goes through the public HTTP API or the files it leaves.
/// </summary>
public sealed class PatientDocsRun : IDisposable
{
    private static readonly string[] FaultedOnly = ["Faulted"];
    private readonly IReadOnlyDictionary<string, string> _serverEnvironment;

    private PatientDocsRun(string dataFolder, AppProcess server, AppProcess? simulators, IReadOnlyDictionary<string, string> serverEnvironment)
    {
        DataFolder = dataFolder;
        Server = server;
        Simulators = simulators;
        _serverEnvironment = serverEnvironment;
    }

    public string DataFolder { get; }

    public AppProcess Server { get; private set; }

    public AppProcess? Simulators { get; }

    /// <summary>Where /sim/… answers: the server itself, or the separate simulators process.</summary>
    public HttpClient Sim => (Simulators ?? Server).Client;

    public static async Task<PatientDocsRun> StartAsync(bool separateSimulators, bool withLargePatient)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "pd-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var environment = new Dictionary<string, string>
        {
            ["PatientDocs__DataFolder"] = dataFolder,
            ["PatientDocs__TimeScale"] = RunSettings.TimeScale.ToString(CultureInfo.InvariantCulture),
            ["PatientDocs__Store__Provider"] = "Sqlite",
            ["PatientDocs__Store__ConnectionString"] = "",
            ["PatientDocs__Patients__SeedCount"] = RunSettings.SeedCount.ToString(CultureInfo.InvariantCulture),
            ["PatientDocs__WorkflowsFolder"] = EmptyWorkflowsFolder(),
            ["PatientDocs__Services__Conversion__SecondsPerFile"] = "0.5",
        };

        AppProcess? simulators = null;
        if (separateSimulators)
        {
            var simEnvironment = RunSettings.Simulators(withLargePatient);
            simEnvironment["Simulators__TimeScale"] = RunSettings.TimeScale.ToString(CultureInfo.InvariantCulture);
            simulators = await StartAsync("PatientDocs.Simulators", "/sim/task-tracker/stats", null, simEnvironment);
            environment["PatientDocs__Services__DocumentExchange__BaseUrl"] = new Uri(simulators.BaseAddress, "sim/document-exchange/").ToString();
            environment["PatientDocs__Services__TaskTracker__BaseUrl"] = new Uri(simulators.BaseAddress, "sim/task-tracker/").ToString();
        }
        else
        {
            // Said outright rather than left to the environment: these runs call the simulators mounted in the server.
            environment["PatientDocs__Simulators__InProcess"] = "true";
            foreach (var (key, value) in RunSettings.Simulators(withLargePatient))
            {
                environment[key] = value;
            }
        }

        try
        {
            return new PatientDocsRun(dataFolder, await StartAsync("PatientDocs.Server", "/health", null, environment), simulators, environment);
        }
        catch
        {
            simulators?.Dispose();
            DeleteFolder(dataFolder);
            throw;
        }
    }

    public async Task RestartServerAsync()
    {
        Server.Dispose();
        Server = await StartAsync("PatientDocs.Server", "/health", Server.Port, _serverEnvironment);
    }

    // In the test's build folder, so the apps read the appsettings.json built beside them; no environment named, so the
    // server may mount the simulators in-process (refused in a named Production environment).
    private static Task<AppProcess> StartAsync(string assemblyName, string readyPath, int? port, IReadOnlyDictionary<string, string> environment) =>
        AppProcess.StartAsync(assemblyName, readyPath, [], port, environment, AppContext.BaseDirectory, hostEnvironment: null);

    public async Task<IReadOnlyList<string>> StartRunsAsync(IReadOnlyList<string> patientIds)
    {
        using var response = await Server.Client.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        var ids = JsonNode.Parse(body)!["instanceIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(patientIds.Count, ids.Count);
        return ids;
    }

    public async Task<int> CountAsync(string subStatus)
    {
        using var response = await Server.Client.PostAsJsonAsync("/elsa/api/workflow-instances", new { page = 0, pageSize = 1, subStatuses = new[] { subStatus } });
        response.EnsureSuccessStatusCode();
        return (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["totalCount"]!.GetValue<long>();
    }

    /// <summary>Polls until <paramref name="count"/> instances are Finished; fails at the deadline or as soon as one faults.</summary>
    public async Task WaitUntilFinishedAsync(int count, TimeSpan deadline)
    {
        var until = DateTimeOffset.UtcNow + deadline;
        var finished = 0;
        while (DateTimeOffset.UtcNow < until)
        {
            finished = await CountAsync("Finished");
            if (finished >= count)
            {
                // The activity log is written behind the workflows; reading it through the API flushes its writer.
                using var flushed = await Server.Client.GetAsync("/api/activity-log?instanceId=flush");
                return;
            }

            var faulted = await CountAsync("Faulted");
            if (faulted > 0)
            {
                Assert.Fail($"{faulted} instance(s) faulted; {finished} finished. First: {await FirstFaultAsync()}\n{Server.OutputTail}");
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Only {finished} of {count} instances finished within {deadline}.\n{Server.OutputTail}");
    }

    private async Task<string> FirstFaultAsync()
    {
        using var response = await Server.Client.PostAsJsonAsync("/elsa/api/workflow-instances", new { page = 0, pageSize = 1, subStatuses = FaultedOnly });
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]![0]!["id"]!.GetValue<string>();
        var state = (await InstanceAsync(id))["workflowState"]!;
        return $"{id} incidents {state["incidents"]?.ToJsonString()} fault {state["fault"]?.ToJsonString()}";
    }

    public async Task<JsonObject> InstanceAsync(string instanceId) =>
        (await Server.Client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}"))!;

    public async Task<JsonObject> SimStatsAsync(string service) =>
        (await Sim.GetFromJsonAsync<JsonObject>($"/sim/{service}/stats"))!;

    public async Task<JsonObject> ConversionStatsAsync() =>
        (await Server.Client.GetFromJsonAsync<JsonObject>("/api/patient-documents/stats"))!["conversion"]!.AsObject();

    public async Task<IReadOnlyList<JsonObject>> TrackerItemsAsync() =>
        (await Sim.GetFromJsonAsync<JsonObject>("/sim/task-tracker/items"))!["items"]!.AsArray().Select(n => n!.AsObject()).ToList();

    public async Task PostOutageAsync(string service, string kind, int durationSeconds, long? startAfterRequests = null)
    {
        using var response = await Sim.PostAsJsonAsync($"/sim/{service}/outages", new { kind, durationSeconds, startAfterRequests });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The patients table as the workflow left it: id → (first, last, documents status).</summary>
    public IReadOnlyDictionary<string, (string First, string Last, string? Status)> Patients()
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataFolder, "patientdocs.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, first_name, last_name, documents_status FROM patients";
        using var reader = command.ExecuteReader();
        var patients = new Dictionary<string, (string, string, string?)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            patients[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        return patients;
    }

    /// <summary>The patient's PDFs on disk, in the folder of its one instance (<c>documents/{patientId}/{instanceId}/pdf</c>).</summary>
    public IReadOnlyList<string> PdfNames(string patientId) => StoredPdfNames(Path.Combine(DataFolder, "documents"), patientId);

    /// <summary>The PDFs one patient's run left under a storage root; more than one instance folder for a patient fails.</summary>
    public static IReadOnlyList<string> StoredPdfNames(string storageRoot, string patientId)
    {
        var patientFolder = Path.Combine(storageRoot, patientId);
        var instances = Directory.Exists(patientFolder) ? Directory.GetDirectories(patientFolder) : [];
        Assert.True(instances.Length <= 1, $"{patientId} has {instances.Length} instance folders: {string.Join(", ", instances.Select(Path.GetFileName))}");
        var folder = instances.Length == 1 ? Path.Combine(instances[0], "pdf") : null;
        return folder is not null && Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    public void Dispose()
    {
        Server.Dispose();
        Simulators?.Dispose();
        DeleteFolder(DataFolder);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A workflows folder with nothing in it: the server runs the flagship as its module ships it.</summary>
    internal static string EmptyWorkflowsFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "patientdocs-tests", "no-workflows");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// Issue 11, several nodes: three server processes on one PostgreSQL database and one storage root run the real
/// patient-documents workflow against one simulators process; one node is SIGKILLed mid-run and started again. Every
/// patient ends with one TaskTracker item, the right status and a report listing exactly its PDFs; no limit is exceeded.
/// </summary>
[RequiresPostgres]
[Collection(RunCollection.Name)]
public sealed class SeveralNodesWorkflowTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IDisposable
{
    private const int Patients = 60;
    private const string KilledNode = "node-b";
    private static readonly string[] NodeIds = ["node-a", KilledNode, "node-c"];

    private readonly TempFolder folder = new("pd-several");

    private string StorageRoot => Path.Combine(folder.Path, "shared-documents");

    public void Dispose() => folder.Dispose();

    [StoreFact]
    public async Task ThreeNodesOnOneDatabaseAndStorageRoot_OneKilledAndRestarted_EveryPatientFinishesOnceWithItsReportAndPdfs()
    {
        var simulatorArguments = RunSettings.Simulators(withLargePatient: false, prefix: "--Simulators:")
            .Select(s => $"{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}")
            .Append($"--Simulators:TimeScale={Invariant(RunSettings.TimeScale)}");
        await using var simulators = await AppProcess.StartAsync("PatientDocs.Simulators", "/sim/task-tracker/stats", simulatorArguments);
        var nodes = new Dictionary<string, AppProcess>();
        try
        {
            // One after another: each start seeds the patients and imports the workflow into the shared database.
            foreach (var nodeId in NodeIds)
            {
                nodes[nodeId] = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments(simulators, nodeId));
            }

            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {NodeIds.Length} nodes up");
            var api = nodes["node-a"].Client;
            var ids = RunSettings.PatientIds(Patients).ToList();
            var instanceIds = await StartRunsAsync(api, ids);

            int? finishedAtKill = null;
            int? finishedAtRestart = null;
            var killedAt = DateTime.UtcNow;
            await DurableApi.WaitUntilAsync(
                async () =>
                {
                    var finished = (int)await DurableApi.CountAsync(api, "Finished");
                    Assert.Equal(0, await DurableApi.CountAsync(api, "Faulted"));
                    if (finishedAtKill is null && finished >= Patients / 4)
                    {
                        finishedAtKill = finished;
                        killedAt = DateTime.UtcNow;
                        await nodes[KilledNode].KillAsync();
                        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {KilledNode} killed with {finished} finished");
                    }
                    else if (finishedAtKill is not null && finishedAtRestart is null && (finished >= Patients * 6 / 10 || DateTime.UtcNow - killedAt > TimeSpan.FromSeconds(10)))
                    {
                        // The same node again: same node id, data folder and storage root; it deletes only its own leftovers.
                        finishedAtRestart = finished;
                        var killed = nodes[KilledNode];
                        nodes.Remove(KilledNode);
                        await killed.DisposeAsync();
                        nodes[KilledNode] = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments(simulators, KilledNode));
                    }

                    return finished == Patients && finishedAtRestart is not null;
                },
                TimeSpan.FromMinutes(6),
                async () => $"finished {await DurableApi.CountAsync(api, "Finished")} of {Patients}; killed at {finishedAtKill}, restarted at {finishedAtRestart}\n" +
                    string.Join("\n", nodes.Select(n => $"{n.Key}:\n{Tail(n.Value.Output)}")));
            output.WriteLine($"{KilledNode} killed with {finishedAtKill} of {Patients} finished, restarted with {finishedAtRestart} finished");

            Assert.True(finishedAtKill < Patients, $"the kill came after the run ended ({finishedAtKill} finished)");
            await AssertAllFinishedAsync(api, instanceIds);
            await RunChecks.ZeroViolationsAsync(simulators.Client);
            var items = (await DurableApi.TrackerItemsAsync(simulators.Client)).Select(i => i!.AsObject()).ToList();
            RunChecks.EveryPatient(await PatientsAsync(), items, id => PatientDocsRun.StoredPdfNames(StorageRoot, id), ids, RunSettings.Distribution(withLargePatient: false));
            AssertStoredReportsAreTheTrackers(ids, instanceIds, items);
            var tempFolder = Path.Combine(StorageRoot, ".tmp");
            Assert.Empty(Directory.Exists(tempFolder) ? Directory.EnumerateFiles(tempFolder, "*", SearchOption.AllDirectories) : []);
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                await node.DisposeAsync();
            }
        }
    }

    private IEnumerable<string> Arguments(AppProcess simulators, string nodeId) =>
    [
        $"--PatientDocs:NodeId={nodeId}",
        $"--PatientDocs:DataFolder={Path.Combine(folder.Path, nodeId)}",
        $"--PatientDocs:Storage:Root={StorageRoot}",
        $"--PatientDocs:TimeScale={Invariant(RunSettings.TimeScale)}",
        // A dead node's leases pass to the others after 10 s instead of 30, to keep the test short.
        "--PatientDocs:LeaseDuration=00:00:10",
        "--PatientDocs:HeartbeatInterval=00:00:02",
        "--PatientDocs:Store:Provider=PostgreSql",
        $"--PatientDocs:Store:ConnectionString={database.ConnectionString}",
        $"--PatientDocs:Patients:SeedCount={RunSettings.SeedCount}",
        $"--PatientDocs:WorkflowsFolder={PatientDocsRun.EmptyWorkflowsFolder()}",
        "--PatientDocs:Services:Conversion:SecondsPerFile=0.5",
        $"--PatientDocs:Services:DocumentExchange:BaseUrl={simulators.BaseAddress}sim/document-exchange/",
        $"--PatientDocs:Services:TaskTracker:BaseUrl={simulators.BaseAddress}sim/task-tracker/",
    ];

    private static async Task<List<string>> StartRunsAsync(HttpClient api, List<string> patientIds)
    {
        using var response = await api.PostAsJsonAsync("/api/patient-documents/runs", new { patientIds });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var ids = JsonNode.Parse(body)!["instanceIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(patientIds.Count, ids.Count);
        return ids;
    }

    /// <summary>Nothing lost: every started instance is Finished, and no other instance exists.</summary>
    private static async Task AssertAllFinishedAsync(HttpClient api, List<string> instanceIds)
    {
        using var response = await api.PostAsJsonAsync("/elsa/api/workflow-instances", new { page = 0, pageSize = instanceIds.Count + 10 });
        var items = (await response.ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(instanceIds.Order(StringComparer.Ordinal), items.Select(i => i!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal("Finished", i!["subStatus"]!.GetValue<string>()));
    }

    /// <summary>The report each instance kept in the shared storage is the one it appended to its TaskTracker item.</summary>
    private void AssertStoredReportsAreTheTrackers(List<string> patientIds, List<string> instanceIds, List<JsonObject> items)
    {
        for (var i = 0; i < patientIds.Count; i++)
        {
            var item = items.Single(t => t["patientId"]!.GetValue<string>() == patientIds[i]);
            var reports = item["reports"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            var stored = Path.Combine(StorageRoot, patientIds[i], instanceIds[i], "report.txt");
            Assert.Equal(reports, File.Exists(stored) ? [File.ReadAllText(stored)] : []);
        }
    }

    private async Task<IReadOnlyDictionary<string, (string First, string Last, string? Status)>> PatientsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, first_name, last_name, documents_status FROM patients", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var patients = new Dictionary<string, (string, string, string?)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            patients[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        return patients;
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>
/// Two server processes on one PostgreSQL database. Node 1 runs no workers, so every burst commits on node 2; a client of
/// node 1 still sees the instance's events, live on the all-instances stream and to the end on the instance's stream.
/// </summary>
[RequiresPostgres]
public sealed class TwoNodeProgressTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly TempFolder _data = new("pd-progress-nodes");

    public void Dispose() => _data.Dispose();

    [StoreFact]
    public async Task ClientOfOneNode_SeesTheEventsOfAnInstanceRunOnTheOther()
    {
        await using var watcher = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments("node-1", runWorkers: false));
        await using var runner = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments("node-2", runWorkers: true));
        var definitionId = "nodes-" + Guid.NewGuid().ToString("N")[..8];
        await runner.Client.SaveAsync(
            ApiJson.Flow(definitionId, ApiJson.Start(), ApiJson.WriteLine("hello", "hello"),
                new JsonObject { ["id"] = "pause", ["type"] = "Elsa.Delay", ["version"] = 1, ["timeSpan"] = ApiJson.Literal("00:00:01", "TimeSpan") },
                ApiJson.WriteLine("after", "done")),
            publish: true);

        List<SseMessage> live;
        string id;
        await using (var all = await SseStream.OpenAsync(watcher.Client, $"/api/events?definitionId={definitionId}", within: TimeSpan.FromMinutes(1)))
        {
            using var executed = await runner.Client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject());
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
            id = (await executed.ReadObjectAsync()).Str("id");
            live = await all.ReadEventsUntilAsync(e => e.Event == "workflow-finished");
        }

        List<SseMessage> replayed;
        await using (var one = await SseStream.OpenAsync(watcher.Client, $"/api/workflow-instances/{id}/events", within: TimeSpan.FromMinutes(1)))
        {
            replayed = await one.ReadToEndAsync();
        }

        var expected = new[]
        {
            "workflow-started", "activity-started", "activity-completed", "activity-started", "activity-completed",
            "activity-started", "workflow-suspended", "workflow-resumed", "activity-completed", "activity-started", "activity-completed",
            "workflow-finished",
        };
        if (!expected.SequenceEqual(live.Select(e => e.Event)))
        {
            // The store's own record beside what the stream gave, so a miss says which positions it skipped.
            Assert.Fail($"live: {string.Join(", ", live.Select(e => $"{e.Id}:{e.Event}"))}\njournal: {await JournalAsync(id)}");
        }

        Assert.All(live, e => Assert.Equal(id, e.Field("instanceId")));
        Assert.Equal(expected, replayed.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(1, expected.Length).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), replayed.Select(e => e.Id));
    }

    private async Task<string> JournalAsync(string instanceId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT position, event_name, activity_id, node_id FROM journal WHERE instance_id = @id ORDER BY position", connection);
        command.Parameters.AddWithValue("id", instanceId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetValue(0)}:{reader.GetValue(1)}:{reader.GetValue(2)}@{reader.GetValue(3)}");
        }

        return string.Join(", ", rows);
    }

    private IEnumerable<string> Arguments(string node, bool runWorkers) =>
    [
        $"--PatientDocs:DataFolder={Path.Combine(_data.Path, node)}",
        $"--PatientDocs:NodeId={node}",
        $"--PatientDocs:RunWorkers={runWorkers}",
        "--PatientDocs:TimeScale=10",
        "--PatientDocs:ImportModuleWorkflows=false",
        $"--PatientDocs:WorkflowsFolder={PatientDocsRun.EmptyWorkflowsFolder()}",
        "--PatientDocs:Store:Provider=PostgreSql",
        $"--PatientDocs:Store:ConnectionString={database.ConnectionString}",
    ];
}

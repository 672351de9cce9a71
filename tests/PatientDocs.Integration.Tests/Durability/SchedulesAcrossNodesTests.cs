using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// Two server processes on one PostgreSQL database both run the schedule worker: a Timer trigger of one second starts one
/// instance per tick, never one per node (two nodes firing the same tick would create instances milliseconds apart).
/// </summary>
[RequiresPostgres]
[Collection(RunCollection.Name)]
public sealed class SchedulesAcrossNodesTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IDisposable
{
    private const int Ticks = 8;
    private readonly TempFolder dataFolder = new("pd-schedules");

    public void Dispose() => dataFolder.Dispose();

    [StoreFact]
    public async Task TwoNodes_OneTimerTrigger_StartOneInstancePerTick()
    {
        await using var nodeA = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments("node-a"));
        await using var nodeB = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments("node-b"));
        var timer = new JsonObject
        {
            ["id"] = "every-second",
            ["type"] = "Elsa.Timer",
            ["version"] = 1,
            ["customProperties"] = new JsonObject { ["canStartWorkflow"] = true },
            ["interval"] = ApiJson.Literal("00:00:01", "TimeSpan"),
        };
        await DurableApi.PublishAsync(nodeA.Client, ApiJson.Flow("ticking", timer, ApiJson.WriteLine("tick", "tick")));

        await DurableApi.WaitUntilAsync(
            async () => (await InstancesAsync(nodeB.Client)).Count >= Ticks,
            TimeSpan.FromMinutes(1),
            async () => $"{(await InstancesAsync(nodeB.Client)).Count} instances\nA:\n{nodeA.OutputTail}\nB:\n{nodeB.OutputTail}");

        var created = (await InstancesAsync(nodeA.Client)).Select(i => i!["createdAt"]!.GetValue<DateTimeOffset>()).Order().ToList();
        var gaps = created.Zip(created.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        output.WriteLine($"{created.Count} instances; gaps (ms): {string.Join(", ", gaps.Select(g => g.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");

        Assert.All(gaps, gap => Assert.True(gap >= 500, $"two instances {gap:F0} ms apart: one tick started twice"));
        var span = (created[^1] - created[0]).TotalSeconds;
        // One instance per 1-s tick: creation times jitter by some milliseconds around the ticks, so the span is rounded.
        Assert.InRange(created.Count, 2, (int)Math.Round(span) + 1);
    }

    private static async Task<JsonArray> InstancesAsync(HttpClient client)
    {
        var body = new JsonObject { ["page"] = 0, ["pageSize"] = 200, ["definitionId"] = "ticking" };
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-instances", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["items"]!.AsArray();
    }

    private IEnumerable<string> Arguments(string nodeId) =>
    [
        $"--PatientDocs:NodeId={nodeId}",
        $"--PatientDocs:DataFolder={Path.Combine(dataFolder.Path, nodeId)}",
        "--PatientDocs:TimeScale=1",
        "--PatientDocs:ScheduleRefreshInterval=00:00:01",
        "--PatientDocs:Store:Provider=PostgreSql",
        $"--PatientDocs:Store:ConnectionString={database.ConnectionString}",
        "--PatientDocs:ImportModuleWorkflows=false",
        $"--PatientDocs:WorkflowsFolder={PatientDocsRun.EmptyWorkflowsFolder()}",
    ];
}

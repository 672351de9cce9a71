using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// Issue 3, must-show 2: two server processes on one PostgreSQL database send TaskTracker calls to one simulator whose
/// limit is 10 per second: no window ever holds more than 10 arrivals, every call is made once, and both nodes make some.
/// How much of the limit they use together is a throughput figure, measured by the bench (docs/bench.md, --nodes), not here.
/// </summary>
// It runs alone, like the end-to-end runs: two servers beside other test servers would only slow everyone down.
[RequiresPostgres]
[Collection(RunCollection.Name)]
public sealed class LimitsAcrossNodesTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IDisposable
{
    private const int Tasks = 300;
    private const int Permits = 10;
    // Real time, so the limit and not how fast the instances reach their TaskTracker activity sets the pace.
    private const double TimeScale = 1;
    private static readonly string[] Nodes = ["node-a", "node-b"];

    private readonly TempFolder dataFolder = new("pd-nodes");

    public void Dispose() => dataFolder.Dispose();

    [StoreFact]
    public async Task TwoNodes_SharingOneLimit_NeverExceedIt_AndMakeEveryCallOnce()
    {
        await using var simulator = await AppProcess.StartAsync("PatientDocs.Simulators", "/sim/task-tracker/stats", [$"--Simulators:TimeScale={TimeScale}"]);
        await using var nodeA = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments(simulator, Nodes[0]));
        await DurableApi.PublishAsync(nodeA.Client, DurableApi.TrackerOnlyWorkflow("limit-test"));
        await using var nodeB = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments(simulator, Nodes[1]));

        var patients = Enumerable.Range(0, Tasks).Select(n => $"limit-{n:000}").ToList();
        var dispatched = await Task.WhenAll(
            DurableApi.DispatchAsync(nodeA.Client, "limit-test", patients[..(Tasks / 2)]),
            DurableApi.DispatchAsync(nodeB.Client, "limit-test", patients[(Tasks / 2)..]));
        await DurableApi.WaitUntilAsync(
            async () => await DurableApi.CountAsync(nodeA.Client, "Finished") == Tasks,
            TimeSpan.FromMinutes(5),
            async () => $"finished {await DurableApi.CountAsync(nodeA.Client, "Finished")} of {Tasks}\nA:\n{nodeA.Output}\nB:\n{nodeB.Output}");

        var stats = await DurableApi.TrackerStatsAsync(simulator.Client);
        var limit = stats["limits"]!.AsObject().Single().Value!;
        var items = await DurableApi.TrackerItemsAsync(simulator.Client);
        var created = items.Select(i => i!["createdAt"]!.GetValue<DateTimeOffset>()).Order().ToList();
        var span = (created[^1] - created[0]).TotalSeconds * TimeScale + 1;
        output.WriteLine($"{created.Count} items in {span:F1} scaled s ({created.Count / span:F2}/s of {Permits}/s, indicative only); " +
            $"simulator: {limit.ToJsonString()}");

        Assert.Equal(0, stats["violations"]!.GetValue<long>());
        Assert.Equal(0, limit["violations"]!.GetValue<long>());
        Assert.InRange(limit["maxInWindow"]!.GetValue<int>(), 1, Permits);
        Assert.Equal(patients, items.Select(i => i!["patientId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(Tasks, dispatched.Sum(d => d.Count));
    }

    private IEnumerable<string> Arguments(AppProcess simulator, string nodeId) =>
    [
        $"--PatientDocs:NodeId={nodeId}",
        $"--PatientDocs:DataFolder={Path.Combine(dataFolder.Path, nodeId)}",
        $"--PatientDocs:TimeScale={TimeScale}",
        "--PatientDocs:Store:Provider=PostgreSql",
        $"--PatientDocs:Store:ConnectionString={database.ConnectionString}",
        $"--PatientDocs:Services:TaskTracker:BaseUrl={simulator.BaseAddress}sim/task-tracker/",
    ];
}

using PatientDocs.Integration.Tests.Support;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// Issue 3, must-show 2: two server processes on one PostgreSQL database send 500 TaskTracker calls to one simulator whose
/// limit is 10 per (scaled) second: no window ever holds more than 10 arrivals, and together they use at least 95 % of it.
/// </summary>
// A throughput measure: it runs alone, like the end-to-end runs, not beside other servers competing for the two cores.
[RequiresPostgres]
[Collection(PatientDocuments.RunCollection.Name)]
public sealed class LimitsAcrossNodesTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Tasks = 500;
    private const int Permits = 10;
    private const int WarmUpTasks = 40;
    // Real time: the limit, not how fast 500 dispatched instances reach their TaskTracker activity, sets the pace.
    private const double TimeScale = 1;

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), $"pd-nodes-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(dataFolder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A process that was just killed may still hold a file; the temp folder is cleaned later anyway.
        }

        return Task.CompletedTask;
    }

    [StoreFact]
    public async Task TwoNodes_SharingOneLimit_NeverExceedTenPerSecondAndUseAtLeastNinetyFivePercent()
    {
        await using var simulator = await ChildProcess.StartAsync("PatientDocs.Simulators", "/sim/task-tracker/stats", [$"--Simulators:TimeScale={TimeScale}"]);
        await using var nodeA = await ChildProcess.StartAsync("PatientDocs.Server", "/health", Arguments(simulator, "node-a"));
        await DurableApi.PublishAsync(nodeA.Client, DurableApi.TrackerOnlyWorkflow("limit-test"));
        await using var nodeB = await ChildProcess.StartAsync("PatientDocs.Server", "/health", Arguments(simulator, "node-b"));

        // Warm-up, as in any throughput measure: each node runs a few instances first, so the measured run does not pay for
        // first-call costs (JIT, query compilation, connection pools); their calls still count against the limit below.
        var warmUp = Enumerable.Range(0, WarmUpTasks).Select(n => $"warm-up-{n:00}").ToList();
        await Task.WhenAll(
            DurableApi.DispatchAsync(nodeA.Client, "limit-test", warmUp[..(WarmUpTasks / 2)]),
            DurableApi.DispatchAsync(nodeB.Client, "limit-test", warmUp[(WarmUpTasks / 2)..]));
        await DurableApi.WaitUntilAsync(
            async () => await DurableApi.CountAsync(nodeA.Client, "Finished") == WarmUpTasks,
            TimeSpan.FromMinutes(1),
            async () => $"warm-up finished {await DurableApi.CountAsync(nodeA.Client, "Finished")} of {WarmUpTasks}\nA:\n{nodeA.Output}\nB:\n{nodeB.Output}");

        var patients = Enumerable.Range(0, Tasks).Select(n => $"limit-{n:000}").ToList();
        var dispatchStart = DateTimeOffset.UtcNow;
        await Task.WhenAll(
            DurableApi.DispatchAsync(nodeA.Client, "limit-test", patients[..(Tasks / 2)]),
            DurableApi.DispatchAsync(nodeB.Client, "limit-test", patients[(Tasks / 2)..]));
        var dispatched = DateTimeOffset.UtcNow;
        await DurableApi.WaitUntilAsync(
            async () => await DurableApi.CountAsync(nodeA.Client, "Finished") == WarmUpTasks + Tasks,
            TimeSpan.FromMinutes(5),
            async () => $"finished {await DurableApi.CountAsync(nodeA.Client, "Finished")} of {WarmUpTasks + Tasks}\nA:\n{nodeA.Output}\nB:\n{nodeB.Output}");

        var stats = await DurableApi.TrackerStatsAsync(simulator.Client);
        var limit = stats["limits"]!.AsObject().Single().Value!;
        var items = await DurableApi.TrackerItemsAsync(simulator.Client);
        var allArrivals = items.Select(i => i!["createdAt"]!.GetValue<DateTimeOffset>()).Order().ToList();
        var arrivals = items
            .Where(i => i!["patientId"]!.GetValue<string>().StartsWith("limit-", StringComparison.Ordinal))
            .Select(i => i!["createdAt"]!.GetValue<DateTimeOffset>())
            .Order()
            .ToList();
        var window = TimeSpan.FromSeconds(1 / TimeScale);
        var maxInWindow = MaxInAnyWindow(allArrivals, window);
        var throughput = PerScaledSecond(arrivals, window);
        var afterDispatch = arrivals.Where(a => a >= dispatched).ToList();
        output.WriteLine($"arrivals {arrivals.Count}: {throughput:F2}/s ({throughput / Permits:P1}); {afterDispatch.Count} after the last dispatch: " +
            $"{PerScaledSecond(afterDispatch, window):F2}/s; max in any window {maxInWindow}; simulator: {limit.ToJsonString()}");
        output.WriteLine($"dispatch {dispatchStart:HH:mm:ss.fff}..{dispatched:HH:mm:ss.fff}; arrivals per real second: " +
            string.Join(" ", PerSecond(arrivals)) + $" from {arrivals[0]:HH:mm:ss.fff}");

        Assert.Equal(WarmUpTasks + Tasks, allArrivals.Count);
        Assert.Equal(Tasks, arrivals.Count);
        Assert.Equal(0, stats["violations"]!.GetValue<long>());
        Assert.Equal(0, limit["violations"]!.GetValue<long>());
        Assert.InRange(limit["maxInWindow"]!.GetValue<int>(), 1, Permits);
        Assert.InRange(maxInWindow, 1, Permits);
        Assert.True(throughput >= 0.95 * Permits, $"throughput {throughput:F2}/s is below 95 % of {Permits}/s");
    }

    private IEnumerable<string> Arguments(ChildProcess simulator, string nodeId) =>
    [
        $"--PatientDocs:NodeId={nodeId}",
        $"--PatientDocs:DataFolder={Path.Combine(dataFolder, nodeId)}",
        $"--PatientDocs:TimeScale={TimeScale}",
        "--PatientDocs:Store:Provider=PostgreSql",
        $"--PatientDocs:Store:ConnectionString={database.ConnectionString}",
        $"--PatientDocs:Services:TaskTracker:BaseUrl={simulator.BaseAddress}sim/task-tracker/",
    ];

    /// <summary>Arrivals per scaled second over their span, counting one full window for the last batch to be fair to the limit.</summary>
    private static double PerScaledSecond(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window) =>
        sorted.Count / (((sorted[^1] - sorted[0]) + window).TotalSeconds * TimeScale);

    /// <summary>Arrivals in each real second from the first, empty seconds included.</summary>
    private static int[] PerSecond(IReadOnlyList<DateTimeOffset> sorted)
    {
        var counts = new int[(int)(sorted[^1] - sorted[0]).TotalSeconds + 1];
        foreach (var arrival in sorted)
        {
            counts[(int)(arrival - sorted[0]).TotalSeconds]++;
        }

        return counts;
    }

    /// <summary>The most arrivals inside any half-open interval of the window's length.</summary>
    private static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}

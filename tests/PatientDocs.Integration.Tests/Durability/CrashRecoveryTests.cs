using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// Issue 3, must-show 1: the server as a child process runs 200 instances (timers and a TaskTracker task each), is SIGKILLed
/// mid-run, and started again on the same store: every instance finishes and each TaskTracker item exists exactly once.
/// The TaskTracker simulator runs as its own process, so its record of external effects survives the crash.
/// </summary>
public abstract class CrashRecoveryTests : IAsyncLifetime
{
    private const int Instances = 200;
    private const string TimeScale = "2";
    private const int CrashAtCreate = 40;

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), $"pd-crash-{Guid.NewGuid():N}");

    /// <summary>The store settings of the server's command line.</summary>
    protected abstract IEnumerable<string> StoreArguments(string folder);

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
            // A killed process may still be letting go of its files; the temp folder is cleaned later anyway.
        }

        return Task.CompletedTask;
    }

    [StoreFact]
    public async Task Sigkill_MidRun_AfterRestartAllInstancesFinishAndEachTrackerItemExistsOnce()
    {
        await using var simulator = await AppProcess.StartAsync("PatientDocs.Simulators", "/sim/task-tracker/stats", [$"--Simulators:TimeScale={TimeScale}"]);
        var serverArguments = ServerArguments(simulator).ToList();
        var patients = Enumerable.Range(0, Instances).Select(n => $"crash-{n:000}").ToList();

        long createsBeforeCrash;
        IReadOnlyList<string> instanceIds;
        await using (var first = await AppProcess.StartAsync("PatientDocs.Server", "/health", serverArguments))
        {
            await DurableApi.PublishAsync(first.Client, DurableApi.TrackerWorkflow("crash-test", TimeSpan.FromSeconds(6)));
            instanceIds = await DurableApi.DispatchAsync(first.Client, "crash-test", patients);
            // The crash lands on an event: the simulator receiving the CrashAtCreate-th create, the rest still to come.
            await SimulatorArrivals.WaitAsync(simulator.BaseAddress, "task-tracker", "create", CrashAtCreate, TimeSpan.FromMinutes(3));
            await first.KillAsync();
            createsBeforeCrash = (await DurableApi.TrackerStatsAsync(simulator.Client))["endpoints"]!["create"]!["requests"]!.GetValue<long>();
        }

        // Mid-run: some items were created and some tasks had not even called TaskTracker yet.
        Assert.InRange(createsBeforeCrash, CrashAtCreate, Instances - 1);

        await using var second = await AppProcess.StartAsync("PatientDocs.Server", "/health", serverArguments);
        await DurableApi.WaitUntilAsync(
            async () => await DurableApi.CountAsync(second.Client, "Finished") == Instances,
            TimeSpan.FromMinutes(5),
            async () => $"finished {await DurableApi.CountAsync(second.Client, "Finished")} of {Instances} after the restart\n{second.Output}");

        var items = await DurableApi.TrackerItemsAsync(simulator.Client);
        var perPatient = items.GroupBy(i => i!["patientId"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(patients, perPatient.Keys.Order(StringComparer.Ordinal));
        Assert.All(perPatient, p => Assert.Equal(1, p.Value));
        Assert.Equal(0, await DurableApi.CountAsync(second.Client, "Pending", "Executing", "Suspended", "Faulted", "Cancelled"));

        // The activity-log lines of both lives of the server, in the CSV once each, as in the table.
        await PatientDocuments.ActivityLogChecks.CsvMatchesTheApiAsync(second.Client, dataFolder, instanceIds);
    }

    private IEnumerable<string> ServerArguments(AppProcess simulator) =>
    [
        $"--PatientDocs:DataFolder={dataFolder}",
        $"--PatientDocs:TimeScale={TimeScale}",
        // A short lease so the restarted node takes over the dead one's instances and tasks within seconds.
        "--PatientDocs:LeaseDuration=00:00:05",
        "--PatientDocs:HeartbeatInterval=00:00:01",
        $"--PatientDocs:Services:TaskTracker:BaseUrl={simulator.BaseAddress}sim/task-tracker/",
        .. StoreArguments(dataFolder),
    ];
}

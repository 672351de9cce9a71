using System.Collections.Concurrent;
using System.Diagnostics;
using PatientDocs.Bench.Api;
using PatientDocs.Bench.Options;
using PatientDocs.Bench.Processes;
using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// The engine's capacity on one store, through the public API of a real server process: instances started to a bookmark per
/// second, the server's memory with all of them suspended, then task activities completed per second.
/// </summary>
public sealed class CapacityRunner(BenchOptions options, BuiltApps apps, string outFolder)
{
    public const string Name = "capacity";

    private const double DefaultTimeoutSeconds = 3600;
    private const int SettleSamples = 5;
    private const double SettleToleranceMb = 2;
    private const double SettleToleranceFraction = 0.01;
    private const string Suspended = "Suspended";
    private const string Finished = "Finished";
    private const string Faulted = "Faulted";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(90);

    public async Task<CapacityResult> RunAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(outFolder, Name);
        var dataFolder = DataFolder.CreateEmpty(folder);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds ?? DefaultTimeoutSeconds);
        var events = new List<string>();
        var samples = new List<CapacitySample>();

        var database = await BenchDatabase.CreateAsync(options, Name, dataFolder, cancellationToken);
        var port = FreePort.Next();
        var environment = ServerEnvironment(port, dataFolder, database);
        File.WriteAllText(Path.Combine(folder, "environment.txt"), string.Join('\n', environment.Select(e => $"server {e.Key}={e.Value}")) + "\n");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        var server = new ServerClient(http);
        Console.WriteLine($"[{Name}] {options.Instances} instances to suspend, then {options.TaskInstances} × {options.TasksPerInstance} tasks; " +
            $"store {database.Provider}, {options.Concurrency} start requests in flight, timeout {timeout.TotalSeconds:0} s per phase");
        using var process = BuiltApps.Start(apps.ServerDll, environment, Path.Combine(folder, "server.log"));
        try
        {
            var clock = Stopwatch.StartNew();
            await ScenarioRunner.WaitUntilAsync(() => server.IsHealthyAsync(cancellationToken), TimeSpan.FromSeconds(180), "server", process, cancellationToken);
            var idle = await SettleAsync(process, cancellationToken);
            events.Add(Event(clock, $"server healthy; idle RSS {idle.Mb:0} MB{Unsettled(idle)}"));

            await server.PublishAsync(CapacityWorkflows.Suspend(), cancellationToken);
            await server.PublishAsync(CapacityWorkflows.Tasks(options.TasksPerInstance), cancellationToken);
            events.Add(Event(clock, $"published {CapacityWorkflows.SuspendDefinitionId} and {CapacityWorkflows.TasksDefinitionId}"));

            var cpuBeforeStarts = Read(process).CpuSeconds;
            var starts = await StartAndWaitAsync(server, process, "starts", CapacityWorkflows.SuspendDefinitionId, options.Instances, Suspended, timeout, samples, cancellationToken);
            events.Add(Event(clock, $"{starts.Accepted} starts accepted in {starts.AcceptSeconds:0.0} s ({starts.Failed} failed{starts.FirstFailure}); " +
                $"{starts.Done} suspended, {starts.Faulted} faulted after {starts.DoneSeconds:0.0} s"));
            var afterStarts = Read(process);

            var suspendedRss = await SettleAsync(process, cancellationToken);
            var stillSuspended = await server.CountAsync(CapacityWorkflows.SuspendDefinitionId, Suspended, cancellationToken);
            var databaseBytesSuspended = await database.SizeBytesAsync(cancellationToken);
            events.Add(Event(clock, $"settled: RSS {suspendedRss.Mb:0} MB{Unsettled(suspendedRss)} with {stillSuspended} suspended; " +
                $"peak so far {afterStarts.PeakRssMb:0} MB; database {databaseBytesSuspended / 1024.0 / 1024.0:0.0} MB"));

            var cpuBeforeTasks = Read(process).CpuSeconds;
            var tasks = await StartAndWaitAsync(server, process, "tasks", CapacityWorkflows.TasksDefinitionId, options.TaskInstances, Finished, timeout, samples, cancellationToken);
            events.Add(Event(clock, $"{tasks.Accepted} task instances accepted in {tasks.AcceptSeconds:0.0} s ({tasks.Failed} failed{tasks.FirstFailure}); " +
                $"{tasks.Done} finished, {tasks.Faulted} faulted after {tasks.DoneSeconds:0.0} s"));
            var afterTasks = Read(process);

            // One finished instance must show every task completed, so a short-circuited flow cannot inflate the rate.
            var verifiedId = await server.FirstIdAsync(CapacityWorkflows.TasksDefinitionId, Finished, cancellationToken);
            var verified = verifiedId is null ? 0 : await server.CountCompletedActivitiesAsync(verifiedId, CapacityWorkflows.TaskActivityType, cancellationToken);
            events.Add(Event(clock, $"instance {verifiedId ?? "(none finished)"} completed {verified} of {options.TasksPerInstance} {CapacityWorkflows.TaskActivityType} tasks"));

            return new CapacityResult
            {
                Scenario = Name,
                Store = StoreName(options.Store),
                Provider = database.Provider,
                Concurrency = options.Concurrency,
                IdleRss = idle,
                Instances = options.Instances,
                StartsAccepted = starts.Accepted,
                StartsFailed = starts.Failed,
                AcceptSeconds = starts.AcceptSeconds,
                SuspendSeconds = starts.DoneSeconds,
                Suspended = stillSuspended,
                StartsPerSecond = starts.Done / starts.DoneSeconds,
                SuspendedRss = suspendedRss,
                PeakRssAfterStartsMb = afterStarts.PeakRssMb,
                CpuSecondsStarts = afterStarts.CpuSeconds - cpuBeforeStarts,
                DatabaseBytesSuspended = databaseBytesSuspended,
                TaskInstances = options.TaskInstances,
                TasksPerInstance = options.TasksPerInstance,
                TaskStartsAccepted = tasks.Accepted,
                TaskStartsFailed = tasks.Failed,
                TaskInstancesFinished = tasks.Done,
                TaskInstancesFaulted = tasks.Faulted,
                VerifiedInstanceId = verifiedId,
                VerifiedTasks = verified,
                TaskSeconds = tasks.DoneSeconds,
                TasksPerSecond = (double)tasks.Done * options.TasksPerInstance / tasks.DoneSeconds,
                CpuSecondsTasks = afterTasks.CpuSeconds - cpuBeforeTasks,
                PeakRssMb = afterTasks.PeakRssMb,
                DatabaseBytes = await database.SizeBytesAsync(cancellationToken),
                Events = events,
                Samples = samples,
            };
        }
        finally
        {
            process.Dispose();
            try
            {
                await database.DropAsync(CancellationToken.None);
            }
            catch (Npgsql.NpgsqlException e)
            {
                Console.Error.WriteLine($"[{Name}] could not drop the bench database: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Dispatches <paramref name="count"/> instances with a bounded number of requests in flight and polls the store until
    /// every accepted one is in <paramref name="doneSubStatus"/> or faulted; seconds count from the first request.
    /// </summary>
    private async Task<Phase> StartAndWaitAsync(
        ServerClient server,
        ChildProcess process,
        string phase,
        string definitionId,
        int count,
        string doneSubStatus,
        TimeSpan timeout,
        List<CapacitySample> samples,
        CancellationToken cancellationToken)
    {
        var ids = new ConcurrentBag<string>();
        var failed = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();

        async Task<double> DispatchAllAsync()
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (_, token) =>
            {
                try
                {
                    ids.Add(await server.DispatchAsync(definitionId, token));
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !token.IsCancellationRequested))
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                }
            });
            return clock.Elapsed.TotalSeconds;
        }

        var dispatching = DispatchAllAsync();
        var lastPrint = double.NegativeInfinity;
        while (true)
        {
            var done = await server.CountAsync(definitionId, doneSubStatus, cancellationToken);
            var faulted = await server.CountAsync(definitionId, Faulted, cancellationToken);
            var elapsed = clock.Elapsed.TotalSeconds;
            var proc = ProcSampler.Read(process.Id);
            samples.Add(new CapacitySample(phase, elapsed, done, proc?.RssMb ?? 0, proc?.CpuSeconds ?? 0));

            var complete = dispatching.IsCompleted && done + faulted >= ids.Count;
            if (complete || elapsed - lastPrint >= 5)
            {
                lastPrint = elapsed;
                Console.WriteLine(FormattableString.Invariant(
                    $"[{Name}] {phase} t={elapsed,7:0.0}s started {ids.Count}/{count} {doneSubStatus.ToLowerInvariant()} {done} faulted {faulted} failed {failed} | rss {proc?.RssMb ?? 0:0} MB cpu {proc?.CpuSeconds ?? 0:0.0}s"));
            }

            if (complete)
            {
                return new Phase(ids.Distinct().Count(), failed, firstFailure is null ? "" : $"; first: {firstFailure}", await dispatching, done, faulted, elapsed);
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited during {phase}; see server.log in the report folder");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{phase}: {done} of {ids.Count} accepted instances {doneSubStatus} ({faulted} faulted) after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Samples RSS every second until the last few samples agree within 2 MB or 1 %, or 90 s pass; the median of those.</summary>
    private static async Task<SteadyRss> SettleAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var all = new List<double>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            all.Add(Read(process).RssMb);
            var last = all.TakeLast(SettleSamples).Order().ToList();
            var settled = last.Count == SettleSamples && last[^1] - last[0] <= Math.Max(SettleToleranceMb, SettleToleranceFraction * last.Average());
            if (settled || clock.Elapsed >= SettleLimit)
            {
                return new SteadyRss(last[last.Count / 2], settled, all);
            }

            await Task.Delay(SettleInterval, cancellationToken);
        }
    }

    private static ProcessSample Read(ChildProcess process) =>
        ProcSampler.Read(process.Id) ?? throw new InvalidOperationException("the server process is gone; see server.log in the report folder");

    private static Dictionary<string, string> ServerEnvironment(int port, string dataFolder, BenchDatabase database) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["PatientDocs__DataFolder"] = dataFolder,
        ["PatientDocs__Store__Provider"] = database.Provider,
        ["PatientDocs__Store__ConnectionString"] = database.ConnectionString,

        // One demo patient for GetPatient to find; more would only add seed rows to the memory measured.
        ["PatientDocs__Patients__SeedCount"] = "1",
    };

    private static string StoreName(StoreKind store) => store switch
    {
        StoreKind.Sqlite => "sqlite",
        StoreKind.Postgres => "postgres",
        _ => "memory",
    };

    private static string Unsettled(SteadyRss rss) => rss.Settled ? "" : " (not settled within 90 s)";

    private static string Event(Stopwatch clock, string text) => FormattableString.Invariant($"t={clock.Elapsed.TotalSeconds:0.0}s {text}");

    private sealed record Phase(int Accepted, int Failed, string FirstFailure, double AcceptSeconds, int Done, int Faulted, double DoneSeconds);
}

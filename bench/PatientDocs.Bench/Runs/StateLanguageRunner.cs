using System.Diagnostics;
using PatientDocs.Bench.Api;
using PatientDocs.Bench.Options;
using PatientDocs.Bench.Processes;
using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// The state-language engine through its REST API on a real server process: N executions of the sample
/// <c>order_processing_workflow</c> (a mix of its happy, backorder and payment-error paths, all mocks) started at once;
/// waits until none is RUNNING, then reads every execution and measures throughput, execution and step latency.
/// </summary>
public sealed class StateLanguageRunner(BenchOptions options, BuiltApps apps, string outFolder)
{
    public const string Name = "state-language";

    private const double DefaultTimeoutSeconds = 600;
    private const int MismatchExamples = 20;

    public async Task<StateLanguageResult> RunAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(outFolder, Name);
        var dataFolder = DataFolder.CreateEmpty(folder);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds ?? DefaultTimeoutSeconds);
        var events = new List<string>();

        var database = await BenchDatabase.CreateAsync(options, Name, dataFolder, cancellationToken);
        var port = FreePort.Next();
        var environment = ServerEnvironment(port, dataFolder, database);
        File.WriteAllText(Path.Combine(folder, "environment.txt"), string.Join('\n', environment.Select(e => $"server {e.Key}={e.Value}")) + "\n");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        var server = new ServerClient(http);
        var api = new StateLanguageClient(http);
        Console.WriteLine($"[{Name}] {options.Executions} executions of {OrderCase.WorkflowName} (80 % happy, 10 % backorder, 10 % payment error); " +
            $"store {database.Provider}, TimeScale {options.StateLanguageTimeScale}, {options.Concurrency} start requests in flight, timeout {timeout.TotalSeconds:0} s");
        using var process = BuiltApps.Start(apps.ServerDll, environment, Path.Combine(folder, "server.log"));
        try
        {
            var clock = Stopwatch.StartNew();
            await ScenarioRunner.WaitUntilAsync(() => server.IsHealthyAsync(cancellationToken), TimeSpan.FromSeconds(180), "server", process, cancellationToken);
            var idle = Read(process);
            events.Add(Event(clock, $"server healthy; RSS {idle.RssMb:0} MB"));

            // One execution of each path first, so the burst does not pay for JIT compilation; they are checked, not measured.
            var warmup = new ExecutionBurst(api, OrderCase.All.Count, options.Concurrency, i => OrderCase.All[i], "warmup");
            await warmup.StartAllAsync(cancellationToken);
            await DrainAsync(api, process, warmup, timeout, null, cancellationToken);
            var warmupWrong = (await ReadAllAsync(api, warmup, cancellationToken)).Mismatches;
            events.Add(Event(clock, $"warm-up: {warmup.Accepted} executions (one per path) ended, {warmupWrong.Count} wrong{(warmupWrong.Count > 0 ? ": " + warmupWrong[0] : "")}"));

            var burst = new ExecutionBurst(api, options.Executions, options.Concurrency, OrderCase.For, "bench");
            var cpuBefore = Read(process).CpuSeconds;
            var samples = new List<StateLanguageSample>();
            var firstRequest = DateTimeOffset.UtcNow;
            var starting = burst.StartAllAsync(cancellationToken);
            var (drainSeconds, stillRunning) = await DrainAsync(api, process, burst, timeout, samples, cancellationToken);
            var acceptSeconds = await starting;
            var after = Read(process);
            events.Add(Event(clock, $"{burst.Accepted} of {options.Executions} starts accepted in {acceptSeconds:0.0} s ({burst.Failed} failed{(burst.FirstFailure is null ? "" : "; first: " + burst.FirstFailure)}); " +
                $"{(stillRunning == 0 ? "none" : stillRunning.ToString(System.Globalization.CultureInfo.InvariantCulture))} RUNNING after {drainSeconds:0.0} s"));

            var read = await ReadAllAsync(api, burst, cancellationToken);
            var measures = StateLanguageMeasures.Of(read.Executions, firstRequest);
            var total = await api.CountAsync(OrderCase.WorkflowName, null, cancellationToken);
            events.Add(Event(clock, $"read {read.Executions.Count} executions ({read.Mismatches.Count} wrong); the API lists {total} executions of {OrderCase.WorkflowName} ({warmup.Accepted} warm-up + {burst.Accepted} started)"));

            return new StateLanguageResult
            {
                Scenario = Name,
                Store = options.Store == StoreKind.Postgres ? "postgres" : "sqlite",
                Provider = database.Provider,
                TimeScale = options.StateLanguageTimeScale,
                Concurrency = options.Concurrency,
                Warmup = warmup.Accepted,
                Executions = options.Executions,
                StartsAccepted = burst.Accepted,
                StartsFailed = burst.Failed,
                FirstStartFailure = burst.FirstFailure,
                AcceptSeconds = acceptSeconds,
                DrainSeconds = drainSeconds,
                TimedOut = stillRunning > 0,
                StillRunning = stillRunning,
                Paths = read.Paths,
                Mismatches = read.Mismatches.Count + (total == warmup.Accepted + burst.Accepted ? 0 : 1),
                MismatchExamples = [.. read.Mismatches.Take(MismatchExamples), .. total == warmup.Accepted + burst.Accepted ? Array.Empty<string>() : [$"the list counts {total} executions, {warmup.Accepted + burst.Accepted} were started"]],
                Measures = measures,
                IdleRssMb = idle.RssMb,
                PeakRssMb = after.PeakRssMb,
                CpuSeconds = after.CpuSeconds - cpuBefore,
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

    /// <summary>Polls the RUNNING count every --sample seconds until the burst is dispatched and none runs, or the timeout; returns the seconds and what still runs.</summary>
    private async Task<(double Seconds, int StillRunning)> DrainAsync(
        StateLanguageClient api, ChildProcess process, ExecutionBurst burst, TimeSpan timeout, List<StateLanguageSample>? samples, CancellationToken cancellationToken)
    {
        var lastPrint = double.NegativeInfinity;
        while (true)
        {
            var poll = Stopwatch.StartNew();
            var running = await api.CountAsync(OrderCase.WorkflowName, "RUNNING", cancellationToken);
            var pollMs = poll.Elapsed.TotalMilliseconds;
            var elapsed = burst.Elapsed.TotalSeconds;
            var proc = ProcSampler.Read(process.Id);
            samples?.Add(new StateLanguageSample(elapsed, burst.Accepted, running, pollMs, proc?.RssMb ?? 0, proc?.CpuSeconds ?? 0));
            var done = burst.Dispatched && running == 0;
            if (samples is not null && (done || elapsed - lastPrint >= 5))
            {
                lastPrint = elapsed;
                Console.WriteLine(FormattableString.Invariant(
                    $"[{Name}] t={elapsed,7:0.0}s accepted {burst.Accepted}/{burst.Count} running {running} failed {burst.Failed} | rss {proc?.RssMb ?? 0:0} MB cpu {proc?.CpuSeconds ?? 0:0.0}s"));
            }

            if (done || burst.Elapsed > timeout)
            {
                return (elapsed, running);
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException("the server exited during the run; see server.log in the report folder");
            }

            await Task.Delay(TimeSpan.FromSeconds(options.SampleSeconds), cancellationToken);
        }
    }

    /// <summary>Reads every accepted execution, as many requests in flight as the starts had, and checks each against its path.</summary>
    private async Task<(IReadOnlyList<ExecutionDetail> Executions, IReadOnlyList<string> Mismatches, IReadOnlyList<PathTally> Paths)> ReadAllAsync(
        StateLanguageClient api, ExecutionBurst burst, CancellationToken cancellationToken)
    {
        var started = burst.Started;
        var details = new ExecutionDetail?[started.Count];
        var errors = new string?[started.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, started.Count), parallel, async (i, token) =>
        {
            try
            {
                details[i] = await api.GetAsync(started[i].ExecutionId, token);
            }
            catch (HttpRequestException e)
            {
                errors[i] = e.Message;
            }
        });

        var mismatches = new List<string>();
        var matched = new Dictionary<OrderPath, int>();
        for (var i = 0; i < started.Count; i++)
        {
            var (id, expected) = started[i];
            var problem = details[i] is { } detail ? OrderCheck.Mismatch(expected, detail) : $"not readable: {errors[i]}";
            if (problem is null)
            {
                matched[expected.Path] = matched.GetValueOrDefault(expected.Path) + 1;
            }
            else
            {
                mismatches.Add($"{id} ({expected.Path}): {problem}");
            }
        }

        var paths = OrderCase.All
            .Select(c => new PathTally(c.Path, c.Status, c.CurrentState, started.Count(s => s.Expected.Path == c.Path), matched.GetValueOrDefault(c.Path)))
            .ToList();
        return ([.. details.OfType<ExecutionDetail>()], mismatches, paths);
    }

    private static ProcessSample Read(ChildProcess process) =>
        ProcSampler.Read(process.Id) ?? throw new InvalidOperationException("the server process is gone; see server.log in the report folder");

    private Dictionary<string, string> ServerEnvironment(int port, string dataFolder, BenchDatabase database) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["PatientDocs__DataFolder"] = dataFolder,
        ["PatientDocs__Store__Provider"] = database.Provider,
        ["PatientDocs__Store__ConnectionString"] = database.ConnectionString,

        // Retry intervals (1 s × multiplier) and any sleep are divided by this; the sample's happy path has none.
        ["PatientDocs__TimeScale"] = options.StateLanguageTimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // The patient-documents module still loads; one demo patient keeps its seed rows out of the memory measured.
        ["PatientDocs__Patients__SeedCount"] = "1",
    };

    private static string Event(Stopwatch clock, string text) => FormattableString.Invariant($"t={clock.Elapsed.TotalSeconds:0.0}s {text}");
}

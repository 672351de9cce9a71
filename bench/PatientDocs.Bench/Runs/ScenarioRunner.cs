using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PatientDocs.Bench.Api;
using PatientDocs.Bench.Options;
using PatientDocs.Bench.Processes;
using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>Runs one scenario end to end: fresh simulators, server, data folder and database; bulk start; sample; fault; collect.</summary>
public sealed class ScenarioRunner(BenchOptions options, BuiltApps apps, string outFolder)
{
    private const double DocexOutageSeconds = 600;
    private const double FlapEverySeconds = 90;
    private const double FlapSeconds = 15;
    private static readonly string[] FlapKinds = ["unavailable", "refuse", "hang"];

    public async Task<RunResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var name = ScenarioNames.Name(scenario);
        var patients = scenario == Scenario.StartStorm ? options.StormPatients : options.Patients;
        var found = scenario == Scenario.StartStorm ? 0 : options.Found;
        var folder = Path.Combine(outFolder, name);
        var dataFolder = DataFolder.CreateEmpty(folder);

        var conversion = ServerConversionSettings(options.ConvertSeconds);
        var outage = scenario == Scenario.DocexOutage ? DocexOutageSeconds : 0;
        // Conversion slots are per server: with --nodes the cluster has that many times more.
        var slots = conversion.Slots * options.Nodes;
        var expected = new PhysicalBound(patients, found, options.Files ?? 0, conversion.SecondsPerFile, slots, 0, outage);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds ?? (2 * expected.Scaled(options.TimeScale)) + 120);

        var events = new List<string>();
        var database = await BenchDatabase.CreateAsync(options, name, dataFolder, cancellationToken);
        var simPort = FreePort.Next();
        var serverPort = FreePort.Next();
        var simEnvironment = SimulatorEnvironment(simPort, found);
        var serverEnvironment = ServerEnvironment(serverPort, simPort, patients, dataFolder, database);
        File.WriteAllText(Path.Combine(folder, "environment.txt"), string.Join('\n',
            simEnvironment.Select(e => $"simulators {e.Key}={e.Value}").Concat(serverEnvironment.Select(e => $"server {e.Key}={e.Value}"))) + "\n");

        using var simHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{simPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using var serverHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serverPort}"), Timeout = TimeSpan.FromSeconds(120) };
        var sims = new SimulatorClient(simHttp);
        var server = new ServerClient(serverHttp);

        Console.WriteLine($"[{name}] {patients} patients, TimeScale {options.TimeScale}, found {found:0.##}, store {database.Provider}; " +
            $"expected bound {expected.Scaled(options.TimeScale):0.0} s, timeout {timeout.TotalSeconds:0} s");
        using var simProcess = BuiltApps.Start(apps.SimulatorsDll, simEnvironment, Path.Combine(folder, "simulators.log"));
        ChildProcess? serverProcess = null;
        var otherNodes = new List<ChildProcess>();
        try
        {
            await WaitUntilAsync(() => sims.IsUpAsync(cancellationToken), TimeSpan.FromSeconds(60), "simulators", simProcess, cancellationToken);
            serverProcess = BuiltApps.Start(apps.ServerDll, serverEnvironment, Path.Combine(folder, "server.log"));
            await WaitUntilAsync(() => server.IsHealthyAsync(cancellationToken), TimeSpan.FromSeconds(180), "server", serverProcess, cancellationToken);
            for (var node = 2; node <= options.Nodes; node++)
            {
                // Started after the first node has migrated and seeded the database; the bench talks to the first node only.
                otherNodes.Add(await StartOtherNodeAsync(node, serverEnvironment, folder, cancellationToken));
                events.Add($"node {node} of {options.Nodes} started on the same database");
            }

            string? moduleStatsPath = null;
            foreach (var path in ModuleStatsReader.CandidatePaths)
            {
                if (await server.GetModuleStatsAsync(path, cancellationToken) is not null)
                {
                    moduleStatsPath = path;
                    break;
                }
            }

            var patientIds = Enumerable.Range(1, patients).Select(i => $"P{i:000000}").ToList();
            var startedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var instanceIds = await server.StartRunsAsync(patientIds, cancellationToken);
            events.Add(Event(clock, $"bulk start of {patients} answered with {instanceIds.Count} instance ids"));
            var etaProbe = scenario == Scenario.Baseline ? new EtaProbe(server, instanceIds) : null;
            using var etaStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // An instance is asked once it has a queue position; on a loaded machine the first bursts alone can take the bound's length.
            var etaRun = etaProbe?.RunAsync(TimeSpan.FromSeconds(Math.Max(10, expected.Scaled(options.TimeScale))), TimeSpan.FromSeconds(options.SampleSeconds), etaStop.Token) ?? Task.CompletedTask;

            var samples = new List<Sample>();
            var peakRss = 0.0;
            var cpuOffset = 0.0;
            var lastCpu = 0.0;
            var otherCpu = 0.0;
            var killed = false;
            var outageStarted = false;
            var nextFlap = double.NaN;
            var flapIndex = 0;
            var lastPrint = -10.0;
            double? peakActive = null;
            var timedOut = false;

            while (true)
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                InstanceCounts counts;
                try
                {
                    counts = await server.CountAsync(cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The server may be restarting (kill scenario) or briefly overloaded; sample again.
                    counts = samples.Count > 0 ? new InstanceCounts(samples[^1].Finished, samples[^1].Running, samples[^1].Faulted) : new InstanceCounts(0, 0, 0);
                }

                var de = await sims.GetStatsAsync(SimulatorClient.DocumentExchange, cancellationToken);
                var tt = await sims.GetStatsAsync(SimulatorClient.TaskTracker, cancellationToken);
                var proc = ProcSampler.Read(serverProcess.Id);
                if (proc is not null)
                {
                    peakRss = Math.Max(peakRss, proc.PeakRssMb);
                    lastCpu = proc.CpuSeconds;
                }

                var others = otherNodes.Select(n => ProcSampler.Read(n.Id)).OfType<ProcessSample>().ToList();
                peakRss = Math.Max(peakRss, others.Select(o => o.PeakRssMb).DefaultIfEmpty(0).Max());
                otherCpu = others.Count == otherNodes.Count ? others.Sum(o => o.CpuSeconds) : otherCpu;

                double? active = null;
                if (moduleStatsPath is not null)
                {
                    var module = await server.GetModuleStatsAsync(moduleStatsPath, cancellationToken);
                    active = ModuleStatsReader.Find(module, ModuleStatsReader.ActiveNames);
                    if (active is not null)
                    {
                        peakActive = Math.Max(peakActive ?? 0, active.Value);
                    }
                }

                var limitRequests = new Dictionary<string, long>();
                foreach (var stats in new[] { de, tt })
                {
                    foreach (var limit in stats.Limits)
                    {
                        limitRequests[$"{limit.Service}/{limit.Name}"] = limit.Requests;
                    }
                }

                var sample = new Sample(elapsed, counts.Finished, counts.Running, counts.Faulted, limitRequests,
                    de.Violations + tt.Violations, (proc?.RssMb ?? 0) + others.Sum(o => o.RssMb), cpuOffset + lastCpu + otherCpu, active);
                samples.Add(sample);

                if (elapsed - lastPrint >= 5 || counts.Finished >= patients)
                {
                    lastPrint = elapsed;
                    Console.WriteLine(Progress(name, sample, patients, samples, de, tt));
                }

                if (counts.Finished >= patients || (counts.Running == 0 && counts.Finished + counts.Faulted >= instanceIds.Count && elapsed > 5))
                {
                    break;
                }

                if (clock.Elapsed > timeout)
                {
                    timedOut = true;
                    events.Add(Event(clock, "timeout reached; stopping"));
                    break;
                }

                var fraction = (double)counts.Finished / patients;
                if (scenario == Scenario.DocexOutage && !outageStarted && fraction >= 0.3)
                {
                    outageStarted = true;
                    await sims.StartOutageAsync(SimulatorClient.DocumentExchange, "unavailable", DocexOutageSeconds, cancellationToken);
                    events.Add(Event(clock, $"DocumentExchange unavailable for {DocexOutageSeconds} unscaled s ({DocexOutageSeconds / options.TimeScale:0.0} real s) at {fraction:P0} finished"));
                }

                if (scenario == Scenario.TasktrackerFlapping && fraction >= 0.1)
                {
                    if (double.IsNaN(nextFlap) || elapsed >= nextFlap)
                    {
                        var kind = FlapKinds[flapIndex++ % FlapKinds.Length];
                        await sims.StartOutageAsync(SimulatorClient.TaskTracker, kind, FlapSeconds, cancellationToken);
                        events.Add(Event(clock, $"TaskTracker {kind} for {FlapSeconds} unscaled s"));
                        nextFlap = elapsed + (FlapEverySeconds / options.TimeScale);
                    }
                }

                if (scenario == Scenario.Kill && !killed && fraction >= 0.4)
                {
                    killed = true;
                    cpuOffset += lastCpu;
                    lastCpu = 0;
                    serverProcess.Kill();
                    events.Add(Event(clock, $"server SIGKILLed at {fraction:P0} finished (pid {serverProcess.Id})"));
                    serverProcess.Dispose();
                    serverProcess = BuiltApps.Start(apps.ServerDll, serverEnvironment, Path.Combine(folder, "server.log"));
                    await WaitUntilAsync(() => server.IsHealthyAsync(cancellationToken), TimeSpan.FromSeconds(180), "restarted server", serverProcess, cancellationToken);
                    events.Add(Event(clock, $"server restarted on the same data folder and database (pid {serverProcess.Id})"));
                }

                await Task.Delay(TimeSpan.FromSeconds(options.SampleSeconds), cancellationToken);
            }

            var wallClock = clock.Elapsed.TotalSeconds;
            var clockStep = ClockStep.Of(startedAt, DateTimeOffset.UtcNow, clock.Elapsed);
            if (clockStep is { } step)
            {
                events.Add(Event(clock, ClockStep.Event(step)));
            }

            await etaStop.CancelAsync();
            await etaRun;
            if (etaProbe is not null)
            {
                events.Add(Event(clock, $"ETA answered with a basis for {etaProbe.Answers.Count} of {instanceIds.Count} instances"));
            }
            var finalDe = await sims.GetStatsAsync(SimulatorClient.DocumentExchange, cancellationToken);
            var finalTt = await sims.GetStatsAsync(SimulatorClient.TaskTracker, cancellationToken);
            var finalProc = ProcSampler.Read(serverProcess.Id);
            if (finalProc is not null)
            {
                peakRss = Math.Max(peakRss, finalProc.PeakRssMb);
                lastCpu = finalProc.CpuSeconds;
            }

            var moduleStats = moduleStatsPath is null ? null : await server.GetModuleStatsAsync(moduleStatsPath, cancellationToken);
            var instances = await server.ListAllAsync(cancellationToken);
            events.Add(Event(clock, $"collected {instances.Count} instance summaries"));

            var started = instanceIds.ToHashSet();
            var byId = instances.ToDictionary(i => i.Id);
            var finishedInstances = instances.Where(i => started.Contains(i.Id) && i.SubStatus == "Finished").ToList();
            var lost = started.Count(id => !byId.TryGetValue(id, out var i) || i.SubStatus != "Finished");
            var faulted = instances.Count(i => started.Contains(i.Id) && i.SubStatus == "Faulted");
            var extra = instances.Count(i => !started.Contains(i.Id)) + (instanceIds.Count - started.Count);

            await sims.EndOutagesAsync(SimulatorClient.DocumentExchange, cancellationToken);
            await sims.EndOutagesAsync(SimulatorClient.TaskTracker, cancellationToken);
            var items = await sims.GetAllItemsAsync(cancellationToken);
            var itemsByPatient = items.GroupBy(i => i.PatientId).ToList();
            var duplicated = itemsByPatient.Count(g => g.Count() > 1);
            var duplicateReports = items.Count(i => i.Reports > 1);
            var foundPatients = items.Where(i => IsFound(i.Status)).Select(i => i.PatientId).Distinct().Count();
            var foundMeasured = items.Any(i => i.Status is not null && i.Status.Contains("FOUND", StringComparison.OrdinalIgnoreCase));
            var convertedFiles = CountConvertedFiles(Path.Combine(dataFolder, "documents"));
            var measuredFound = foundMeasured ? (double)foundPatients / patients : found;
            var meanFiles = foundPatients > 0 && convertedFiles > 0 ? (double)convertedFiles / foundPatients : options.Files ?? 0;
            var statusLimit = finalDe.EndpointRequests.GetValueOrDefault("status");
            var bound = new PhysicalBound(patients, measuredFound, meanFiles, conversion.SecondsPerFile, slots, (double)statusLimit / patients, outage);

            var lastFinish = finishedInstances.Select(i => i.FinishedAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(startedAt).Max();
            var makespan = timedOut || lost > 0 ? Math.Max(wallClock, (lastFinish - startedAt).TotalSeconds) : (lastFinish - startedAt).TotalSeconds;
            var latencies = finishedInstances.Where(i => i.CreatedAt is not null && i.FinishedAt is not null)
                .Select(i => (i.FinishedAt!.Value - i.CreatedAt!.Value).TotalSeconds).ToList();

            var limits = finalDe.Limits.Concat(finalTt.Limits).Select(Limit).ToList();
            var databaseBytes = await database.SizeBytesAsync(cancellationToken);

            return new RunResult
            {
                Scenario = name,
                Patients = patients,
                TimeScale = options.TimeScale,
                Store = options.Nodes > 1 ? $"{database.Provider}, {options.Nodes} nodes" : database.Provider,
                FoundConfigured = found,
                Bound = bound,
                FoundMeasured = foundMeasured,
                MeanFilesMeasured = convertedFiles > 0,
                MakespanSeconds = makespan,
                TimedOut = timedOut,
                Ratio = makespan / bound.Scaled(options.TimeScale),
                Latency = Latency.Of(latencies),
                Eta = etaProbe is null ? null : EtaAccuracy.Of(etaProbe.Answers, instances, startedAt),
                Limits = limits,
                ClockStepSeconds = clockStep,
                Split = timedOut || lost > 0 ? null : MakespanSplit.Of(limits.FirstOrDefault(l => l.Key == MakespanSplit.LimitKey), startedAt, lastFinish),
                Violations = finalDe.Violations + finalTt.Violations,
                Started = instanceIds.Count,
                Finished = finishedInstances.Count,
                Faulted = faulted,
                Lost = lost,
                Duplicated = duplicated,
                DuplicateReports = duplicateReports,
                ExtraInstances = extra,
                PeakRssMb = peakRss,
                CpuSeconds = cpuOffset + lastCpu + otherCpu,
                DatabaseBytes = databaseBytes,
                ConvertedFiles = convertedFiles,
                PeakConversions = ModuleStatsReader.Find(moduleStats, ModuleStatsReader.PeakNames) ?? peakActive,
                ModuleStats = moduleStats,
                ModuleStatsPath = moduleStatsPath,
                Events = events,
                Samples = samples,
                SimulatorStats = new Dictionary<string, JsonNode>
                {
                    [SimulatorClient.DocumentExchange] = finalDe.Raw,
                    [SimulatorClient.TaskTracker] = finalTt.Raw,
                },
            };
        }
        finally
        {
            otherNodes.ForEach(n => n.Dispose());
            serverProcess?.Dispose();
            simProcess.Dispose();
            try
            {
                await database.DropAsync(CancellationToken.None);
            }
            catch (Npgsql.NpgsqlException e)
            {
                Console.Error.WriteLine($"[{name}] could not drop the bench database: {e.Message}");
            }
        }
    }

    private async Task<ChildProcess> StartOtherNodeAsync(int node, Dictionary<string, string> serverEnvironment, string folder, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        // Same database, data folder (documents are shared by all nodes) and simulators; its own port and log.
        var environment = new Dictionary<string, string>(serverEnvironment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        var process = BuiltApps.Start(apps.ServerDll, environment, Path.Combine(folder, $"server-{node}.log"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var client = new ServerClient(http);
        await WaitUntilAsync(() => client.IsHealthyAsync(cancellationToken), TimeSpan.FromSeconds(180), $"server node {node}", process, cancellationToken);
        return process;
    }

    internal Dictionary<string, string> SimulatorEnvironment(int port, double found)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Simulators__TimeScale"] = Invariant(options.TimeScale),
            ["Simulators__DocumentExchange__Distribution__NoneFraction"] = Invariant(1 - found),
        };
        if (options.Files is { } files)
        {
            // Archives of 1..SmallMaxFiles files, uniform, average (SmallMaxFiles + 1) / 2; no large ones.
            environment["Simulators__DocumentExchange__Distribution__LargeFraction"] = "0";
            environment["Simulators__DocumentExchange__Distribution__SmallMaxFiles"] = Invariant(Math.Max(1, Math.Round((2 * files) - 1)));
        }

        return environment;
    }

    internal Dictionary<string, string> ServerEnvironment(int port, int simPort, int patients, string dataFolder, BenchDatabase database)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["PatientDocs__TimeScale"] = Invariant(options.TimeScale),
            ["PatientDocs__DataFolder"] = dataFolder,
            ["PatientDocs__Store__Provider"] = database.Provider,
            ["PatientDocs__Store__ConnectionString"] = database.ConnectionString,
            ["PatientDocs__Patients__SeedCount"] = Invariant(patients),
            ["PatientDocs__Services__DocumentExchange__BaseUrl"] = $"http://127.0.0.1:{simPort}/sim/document-exchange/",
            ["PatientDocs__Services__TaskTracker__BaseUrl"] = $"http://127.0.0.1:{simPort}/sim/task-tracker/",
        };
        if (options.ConvertSeconds is { } seconds)
        {
            environment["PatientDocs__Services__Conversion__SecondsPerFile"] = Invariant(seconds);
        }

        return environment;
    }

    /// <summary>The conversion time per file and slots the server will use: the option, else the server's appsettings.json, else the module's defaults (2 s, 8 slots).</summary>
    internal (double SecondsPerFile, int Slots) ServerConversionSettings(double? secondsPerFile)
    {
        JsonNode? conversion = null;
        var appsettings = Path.Combine(Path.GetDirectoryName(apps.ServerDll)!, "appsettings.json");
        if (File.Exists(appsettings))
        {
            try
            {
                conversion = JsonNode.Parse(File.ReadAllText(appsettings),
                    documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })
                    ?["PatientDocs"]?["Services"]?["Conversion"];
            }
            catch (System.Text.Json.JsonException)
            {
                conversion = null;
            }
        }

        var seconds = secondsPerFile ?? ModuleStatsReader.Find(conversion, ["SecondsPerFile"]) ?? 2;
        var slots = (int)(ModuleStatsReader.Find(conversion, ["Slots", "Concurrency", "MaxConcurrency"]) ?? 8);
        return (seconds, slots);
    }

    internal static bool IsFound(string? status) =>
        status is not null && status.Contains("DOCUMENTS FOUND", StringComparison.OrdinalIgnoreCase)
        && !status.Contains("NOT FOUND", StringComparison.OrdinalIgnoreCase);

    // Documents live under {Root}/{patientId}/{instanceId}/pdf, Root defaulting to {DataFolder}/documents (PatientDocs.PatientDocuments.Storage).
    internal static int CountConvertedFiles(string documentsRoot) =>
        !Directory.Exists(documentsRoot) ? 0 : Directory.EnumerateDirectories(documentsRoot)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(d => Path.Combine(d, "pdf"))
            .Where(Directory.Exists)
            .Sum(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Count());

    internal static LimitResult Limit(LimitStats limit) =>
        new($"{limit.Service}/{limit.Name}", limit.Permits, limit.UnscaledPeriodSeconds, limit.WindowSeconds, limit.MaxInWindow, limit.Violations, limit.Requests, limit.SlackP50Ms, limit.SlackP90Ms,
            limit.SlackTotalMs, limit.FirstArrivalAt, limit.LastArrivalAt);

    private static string Progress(string name, Sample sample, int patients, List<Sample> samples, ServiceStats de, ServiceStats tt)
    {
        var rates = new List<string>();
        var previous = samples.Count > 1 ? samples[^2] : null;
        foreach (var limit in de.Limits.Concat(tt.Limits))
        {
            var key = $"{limit.Service}/{limit.Name}";
            var perWindow = 0.0;
            if (previous is not null && sample.ElapsedSeconds > previous.ElapsedSeconds)
            {
                var delta = sample.LimitRequests[key] - previous.LimitRequests.GetValueOrDefault(key);
                perWindow = delta / (sample.ElapsedSeconds - previous.ElapsedSeconds) * limit.WindowSeconds;
            }

            rates.Add(FormattableString.Invariant($"{limit.Name} {perWindow:0.0}/{limit.Permits} (max {limit.MaxInWindow})"));
        }

        return FormattableString.Invariant(
            $"[{name}] t={sample.ElapsedSeconds,7:0.0}s finished {sample.Finished}/{patients} running {sample.Running} faulted {sample.Faulted} | {string.Join(" | ", rates)} | violations {sample.Violations} | rss {sample.RssMb:0} MB cpu {sample.CpuSeconds:0.0}s");
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, ChildProcess process, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited during start-up; see its log in the report folder");
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{what} did not answer within {limit.TotalSeconds} s");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    internal static string Event(Stopwatch clock, string text) => FormattableString.Invariant($"t={clock.Elapsed.TotalSeconds:0.0}s {text}");

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}

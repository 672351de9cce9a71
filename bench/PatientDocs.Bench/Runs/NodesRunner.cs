using System.Diagnostics;
using System.Text.Json.Nodes;
using PatientDocs.Bench.Api;
using PatientDocs.Bench.Options;
using PatientDocs.Bench.Processes;
using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// The nodes scenario: <c>--nodes</c> server processes on one fresh PostgreSQL database and one storage root, against one
/// simulators process. All patients start in one bulk request to the first node; at 40 % finished the second node is
/// SIGKILLed, at 70 % it starts again as the same node (node id, data folder, storage root). Collected as every scenario,
/// plus a check per patient that what storage holds is what TaskTracker was told.
/// </summary>
public sealed class NodesRunner(BenchOptions options, BuiltApps apps, string outFolder)
{
    private const double KillAt = 0.4;
    private const double RestartAt = 0.7;
    private const int KilledNode = 1;
    private const string StatsPath = "/api/patient-documents/stats";

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        var name = ScenarioNames.Name(Scenario.Nodes);
        var patients = options.Patients;
        var found = options.Found;
        var folder = Path.Combine(outFolder, name);
        var dataFolder = DataFolder.CreateEmpty(folder);
        var storageRoot = Path.Combine(dataFolder, "storage");
        var single = new ScenarioRunner(options, apps, outFolder);

        // Conversion slots are per node: the cluster has as many times more as it has nodes.
        var conversion = single.ServerConversionSettings(options.ConvertSeconds);
        var slots = conversion.Slots * options.NodesOfNodesScenario;
        var expected = new PhysicalBound(patients, found, options.Files ?? 0, conversion.SecondsPerFile, slots, 0, 0);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds ?? (2 * expected.Scaled(options.TimeScale)) + 120);

        var events = new List<string>();
        var database = await BenchDatabase.CreateAsync(options with { Store = StoreKind.Postgres }, name, dataFolder, cancellationToken);
        var simPort = FreePort.Next();
        var simEnvironment = single.SimulatorEnvironment(simPort, found);
        var nodes = Enumerable.Range(1, options.NodesOfNodesScenario).Select(n =>
        {
            var port = FreePort.Next();
            var environment = single.ServerEnvironment(port, simPort, patients, Path.Combine(dataFolder, $"node-{n}"), database);
            environment["PatientDocs__NodeId"] = $"node-{n}";
            environment["PatientDocs__Storage__Root"] = storageRoot;
            return new Node($"node-{n}", port, environment, Path.Combine(folder, $"server-node-{n}.log"));
        }).ToList();
        File.WriteAllText(Path.Combine(folder, "environment.txt"), string.Join('\n',
            simEnvironment.Select(e => $"simulators {e.Key}={e.Value}").Concat(nodes.SelectMany(n => n.Environment.Select(e => $"{n.Id} {e.Key}={e.Value}")))) + "\n");

        using var simHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{simPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var sims = new SimulatorClient(simHttp);
        var first = nodes[0];

        Console.WriteLine($"[{name}] {options.NodesOfNodesScenario} nodes, {patients} patients, TimeScale {options.TimeScale}, found {found:0.##}, store PostgreSql, storage {storageRoot}; " +
            $"expected bound {expected.Scaled(options.TimeScale):0.0} s, timeout {timeout.TotalSeconds:0} s");
        using var simProcess = BuiltApps.Start(apps.SimulatorsDll, simEnvironment, Path.Combine(folder, "simulators.log"));
        try
        {
            await ScenarioRunner.WaitUntilAsync(() => sims.IsUpAsync(cancellationToken), TimeSpan.FromSeconds(60), "simulators", simProcess, cancellationToken);

            // One after another: each start seeds the patients and imports the workflow into the shared database.
            foreach (var node in nodes)
            {
                await node.StartAsync(apps.ServerDll, cancellationToken);
            }

            var clock = Stopwatch.StartNew();
            events.Add(ScenarioRunner.Event(clock, $"{nodes.Count} nodes healthy: {string.Join(", ", nodes.Select(n => $"{n.Id} pid {n.Process!.Id}"))}"));
            var patientIds = Enumerable.Range(1, patients).Select(i => $"P{i:000000}").ToList();
            var startedAt = DateTimeOffset.UtcNow;
            clock.Restart();
            var instanceIds = await first.Client.StartRunsAsync(patientIds, cancellationToken);
            events.Add(ScenarioRunner.Event(clock, $"bulk start of {patients} on {first.Id} answered with {instanceIds.Count} instance ids"));

            var samples = new List<Sample>();
            var killed = false;
            var restarted = false;
            var restarting = false;
            var lastPrint = -10.0;
            var timedOut = false;
            while (true)
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                InstanceCounts counts;
                try
                {
                    counts = await first.Client.CountAsync(cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Briefly overloaded: keep the last counts and sample again.
                    counts = samples.Count > 0 ? new InstanceCounts(samples[^1].Finished, samples[^1].Running, samples[^1].Faulted) : new InstanceCounts(0, 0, 0);
                }

                var de = await sims.GetStatsAsync(SimulatorClient.DocumentExchange, cancellationToken);
                var tt = await sims.GetStatsAsync(SimulatorClient.TaskTracker, cancellationToken);
                var rss = nodes.Sum(n => n.Sample());
                var limitRequests = de.Limits.Concat(tt.Limits).ToDictionary(l => $"{l.Service}/{l.Name}", l => l.Requests);
                var sample = new Sample(elapsed, counts.Finished, counts.Running, counts.Faulted, limitRequests,
                    de.Violations + tt.Violations, rss, nodes.Sum(n => n.CpuSeconds), null);
                samples.Add(sample);

                if (elapsed - lastPrint >= 5 || counts.Finished >= patients)
                {
                    lastPrint = elapsed;
                    Console.WriteLine(FormattableString.Invariant(
                        $"[{name}] t={elapsed,7:0.0}s finished {counts.Finished}/{patients} running {counts.Running} faulted {counts.Faulted} | nodes up {nodes.Count(n => n.Process is not null)}/{nodes.Count} | violations {sample.Violations} | rss {rss:0} MB (all nodes) cpu {sample.CpuSeconds:0.0}s"));
                }

                if (counts.Finished >= patients || (counts.Running == 0 && counts.Finished + counts.Faulted >= instanceIds.Count && elapsed > 5))
                {
                    break;
                }

                if (clock.Elapsed > timeout)
                {
                    timedOut = true;
                    events.Add(ScenarioRunner.Event(clock, "timeout reached; stopping"));
                    break;
                }

                var fraction = (double)counts.Finished / patients;
                var victim = nodes[KilledNode];
                if (!killed && fraction >= KillAt)
                {
                    killed = true;
                    var pid = victim.Process!.Id;
                    victim.Kill();
                    events.Add(ScenarioRunner.Event(clock, $"{victim.Id} SIGKILLed at {fraction:P0} finished (pid {pid})"));
                }
                else if (killed && !restarted && fraction >= RestartAt)
                {
                    // Not waited for here: sampling goes on while the node starts on a busy machine.
                    restarted = true;
                    restarting = true;
                    victim.Start(apps.ServerDll);
                    events.Add(ScenarioRunner.Event(clock, $"{victim.Id} started again at {fraction:P0} finished, same node id, data folder and storage root (pid {victim.Process!.Id})"));
                }
                else if (restarting)
                {
                    if (victim.Process!.HasExited)
                    {
                        throw new InvalidOperationException($"{victim.Id} exited while starting again; see its log in the report folder");
                    }

                    if (await victim.Client.IsHealthyAsync(cancellationToken))
                    {
                        restarting = false;
                        events.Add(ScenarioRunner.Event(clock, $"{victim.Id} healthy again at {fraction:P0} finished"));
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(options.SampleSeconds), cancellationToken);
            }

            if (killed && !restarted)
            {
                events.Add(ScenarioRunner.Event(clock, $"{nodes[KilledNode].Id} was not started again: the run ended first"));
            }
            else if (restarting)
            {
                events.Add(ScenarioRunner.Event(clock, $"{nodes[KilledNode].Id} was still starting when the run ended"));
            }

            var wallClock = clock.Elapsed.TotalSeconds;
            var clockStep = ClockStep.Of(startedAt, DateTimeOffset.UtcNow, clock.Elapsed);
            if (clockStep is { } step)
            {
                events.Add(ScenarioRunner.Event(clock, ClockStep.Event(step)));
            }

            var finalDe = await sims.GetStatsAsync(SimulatorClient.DocumentExchange, cancellationToken);
            var finalTt = await sims.GetStatsAsync(SimulatorClient.TaskTracker, cancellationToken);
            foreach (var node in nodes)
            {
                node.Sample();
            }

            var moduleStats = new JsonObject();
            double? peakConversions = null;
            foreach (var node in nodes.Where(n => n.Process is not null))
            {
                if (await node.Client.GetModuleStatsAsync(StatsPath, cancellationToken) is { } stats)
                {
                    moduleStats[node.Id] = stats.DeepClone();
                    peakConversions = (peakConversions ?? 0) + (ModuleStatsReader.Find(stats, ModuleStatsReader.PeakNames) ?? 0);
                }
            }

            var instances = await first.Client.ListAllAsync(cancellationToken);
            events.Add(ScenarioRunner.Event(clock, $"collected {instances.Count} instance summaries"));
            var started = instanceIds.ToHashSet();
            var byId = instances.ToDictionary(i => i.Id);
            var finishedInstances = instances.Where(i => started.Contains(i.Id) && i.SubStatus == "Finished").ToList();
            var lost = started.Count(id => !byId.TryGetValue(id, out var i) || i.SubStatus != "Finished");
            var faulted = instances.Count(i => started.Contains(i.Id) && i.SubStatus == "Faulted");
            var extra = instances.Count(i => !started.Contains(i.Id)) + (instanceIds.Count - started.Count);

            var items = await sims.GetAllItemReportsAsync(cancellationToken);
            var duplicated = items.GroupBy(i => i.PatientId).Count(g => g.Count() > 1);
            var duplicateReports = items.Count(i => i.Reports.Count > 1);
            var foundPatients = items.Where(i => ScenarioRunner.IsFound(i.Status)).Select(i => i.PatientId).Distinct().Count();
            var foundMeasured = items.Any(i => i.Status is not null && i.Status.Contains("FOUND", StringComparison.OrdinalIgnoreCase));
            var problems = DocumentsCheck.Run(storageRoot, patientIds, instanceIds, items);
            events.Add(ScenarioRunner.Event(clock, $"storage checked against TaskTracker for {patients} patients: {problems.Count} wrong"));
            var convertedFiles = ScenarioRunner.CountConvertedFiles(storageRoot);
            var measuredFound = foundMeasured ? (double)foundPatients / patients : found;
            var meanFiles = foundPatients > 0 && convertedFiles > 0 ? (double)convertedFiles / foundPatients : options.Files ?? 0;
            var statusLimit = finalDe.EndpointRequests.GetValueOrDefault("status");
            var bound = new PhysicalBound(patients, measuredFound, meanFiles, conversion.SecondsPerFile, slots, (double)statusLimit / patients, 0);

            var lastFinish = finishedInstances.Select(i => i.FinishedAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(startedAt).Max();
            var makespan = timedOut || lost > 0 ? Math.Max(wallClock, (lastFinish - startedAt).TotalSeconds) : (lastFinish - startedAt).TotalSeconds;
            var latencies = finishedInstances.Where(i => i.CreatedAt is not null && i.FinishedAt is not null)
                .Select(i => (i.FinishedAt!.Value - i.CreatedAt!.Value).TotalSeconds).ToList();

            return new RunResult
            {
                Scenario = name,
                Patients = patients,
                TimeScale = options.TimeScale,
                Store = database.Provider,
                FoundConfigured = found,
                Bound = bound,
                FoundMeasured = foundMeasured,
                MeanFilesMeasured = convertedFiles > 0,
                MakespanSeconds = makespan,
                TimedOut = timedOut,
                Ratio = makespan / bound.Scaled(options.TimeScale),
                Latency = Latency.Of(latencies),
                Limits = finalDe.Limits.Concat(finalTt.Limits).Select(ScenarioRunner.Limit).ToList(),
                ClockStepSeconds = clockStep,
                Violations = finalDe.Violations + finalTt.Violations,
                Started = instanceIds.Count,
                Finished = finishedInstances.Count,
                Faulted = faulted,
                Lost = lost,
                Duplicated = duplicated,
                DuplicateReports = duplicateReports,
                ExtraInstances = extra,
                PeakRssMb = nodes.Max(n => n.PeakRssMb),
                CpuSeconds = nodes.Sum(n => n.CpuSeconds),
                DatabaseBytes = await database.SizeBytesAsync(cancellationToken),
                ConvertedFiles = convertedFiles,
                PeakConversions = peakConversions,
                ModuleStats = moduleStats,
                ModuleStatsPath = StatsPath + " on each node still up, peaks summed",
                Events = events,
                Samples = samples,
                SimulatorStats = new Dictionary<string, JsonNode>
                {
                    [SimulatorClient.DocumentExchange] = finalDe.Raw,
                    [SimulatorClient.TaskTracker] = finalTt.Raw,
                },
                Nodes = nodes.Count,
                DocumentProblems = problems,
            };
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

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

    /// <summary>One server process of the cluster, restartable as the same node; CPU and peak RSS accumulate over its lives.</summary>
    private sealed class Node(string id, int port, Dictionary<string, string> environment, string logPath) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        private double _cpuOfEarlierLives;
        private double _cpuOfThisLife;

        public string Id { get; } = id;

        public Dictionary<string, string> Environment { get; } = environment;

        public ServerClient Client => new(_http);

        public ChildProcess? Process { get; private set; }

        public double PeakRssMb { get; private set; }

        public double CpuSeconds => _cpuOfEarlierLives + _cpuOfThisLife;

        public void Start(string serverDll) => Process = BuiltApps.Start(serverDll, Environment, logPath);

        public async Task StartAsync(string serverDll, CancellationToken cancellationToken)
        {
            Start(serverDll);
            await ScenarioRunner.WaitUntilAsync(() => Client.IsHealthyAsync(cancellationToken), TimeSpan.FromSeconds(180), Id, Process!, cancellationToken);
        }

        /// <summary>Reads the process's memory and CPU; returns its RSS in MB (0 while it is down).</summary>
        public double Sample()
        {
            if (Process is null || ProcSampler.Read(Process.Id) is not { } proc)
            {
                return 0;
            }

            PeakRssMb = Math.Max(PeakRssMb, proc.PeakRssMb);
            _cpuOfThisLife = proc.CpuSeconds;
            return proc.RssMb;
        }

        public void Kill()
        {
            Sample();
            Process?.Kill();
            Process?.Dispose();
            Process = null;
            _cpuOfEarlierLives += _cpuOfThisLife;
            _cpuOfThisLife = 0;
        }

        public void Dispose()
        {
            Process?.Dispose();
            _http.Dispose();
        }
    }
}

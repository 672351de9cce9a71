using System.Globalization;
using PatientDocs.Bench.Options;
using PatientDocs.Bench.Processes;
using PatientDocs.Bench.Reports;
using PatientDocs.Bench.Runs;

var (options, error) = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage.Replace("{SCENARIOS}", ScenarioNames.All));
    if (error is { Length: > 0 })
    {
        Console.Error.WriteLine($"error: {error}");
        return 2;
    }

    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var root = RepositoryRoot.Find();
var outFolder = Path.GetFullPath(options.OutFolder ?? Path.Combine(root, "bench-results", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
Directory.CreateDirectory(outFolder);
var os = File.Exists("/etc/os-release")
    ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
    : null;
var machine = $"{Environment.ProcessorCount} cores, {os ?? Environment.OSVersion.ToString()}, .NET {Environment.Version}";

Console.WriteLine(options.NoBuild ? "Locating the built server and simulators..." : "Building the server and simulators (Release)...");
var apps = new BuiltApps(
    await ProjectBuilder.BuildAsync(Path.Combine(root, "src", "PatientDocs.Server", "PatientDocs.Server.csproj"), !options.NoBuild, cancellation.Token),
    await ProjectBuilder.BuildAsync(Path.Combine(root, "src", "PatientDocs.Simulators", "PatientDocs.Simulators.csproj"), !options.NoBuild, cancellation.Token));

var runner = new ScenarioRunner(options, apps, outFolder);
var results = new List<RunResult>();
var capacity = new List<CapacityResult>();
var stateLanguage = new List<StateLanguageResult>();
var failures = new List<string>();
foreach (var scenario in options.Scenarios)
{
    var name = ScenarioNames.Name(scenario);
    try
    {
        if (scenario == Scenario.Capacity)
        {
            var capacityResult = await new CapacityRunner(options, apps, outFolder).RunAsync(cancellation.Token);
            CapacityReportWriter.WriteScenario(Path.Combine(outFolder, name), capacityResult, machine);
            capacity.Add(capacityResult);
            continue;
        }

        if (scenario == Scenario.ContentPipeline)
        {
            var pipelines = await new ContentPipelineRunner(options, apps, outFolder).RunAsync(cancellation.Token);
            Console.WriteLine(pipelines.SummaryLine);
            if (!pipelines.Passed)
            {
                failures.Add($"{name}: a limit was violated or a pipeline did not finish (see {name}/summary.md)");
            }

            continue;
        }

        if (scenario == Scenario.StateLanguage)
        {
            var stateLanguageResult = await new StateLanguageRunner(options, apps, outFolder).RunAsync(cancellation.Token);
            StateLanguageReportWriter.WriteScenario(Path.Combine(outFolder, name), stateLanguageResult, machine);
            stateLanguage.Add(stateLanguageResult);
            if (!stateLanguageResult.Passed)
            {
                failures.Add($"{name}: not every execution ended as expected (see {name}/summary.md)");
            }

            continue;
        }

        var result = scenario == Scenario.Nodes
            ? await new NodesRunner(options, apps, outFolder).RunAsync(cancellation.Token)
            : await runner.RunAsync(scenario, cancellation.Token);
        ReportWriter.WriteScenario(Path.Combine(outFolder, name), result, machine);
        results.Add(result);
    }
    catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
    {
        failures.Add($"{name}: {e.Message}");
        Console.Error.WriteLine($"[{name}] failed: {e}");
    }
}

ReportWriter.WriteIndex(outFolder, results, failures, machine, "PatientDocs.Bench " + string.Join(' ', args), capacity, stateLanguage);
Console.WriteLine($"Report: {Path.Combine(outFolder, "summary.md")}");
foreach (var result in results)
{
    Console.WriteLine(result.SummaryLine);
}

foreach (var result in capacity)
{
    Console.WriteLine(result.SummaryLine);
}

foreach (var result in stateLanguage)
{
    Console.WriteLine(result.SummaryLine);
}

foreach (var failure in failures)
{
    Console.WriteLine($"scenario={failure.Split(':')[0]} failed");
}

var bad = failures.Count > 0 || (options.Smoke && results.Any(r => r.Violations > 0 || r.Lost > 0 || r.Duplicated > 0));
return bad ? 1 : 0;

using System.Globalization;

namespace PatientDocs.Bench.Options;

/// <summary>Everything a bench run is configured with; each default is stated here.</summary>
public sealed record BenchOptions
{
    public int Patients { get; init; } = 1000;

    /// <summary>Null when not given: 60, except in the state-language scenario (<see cref="StateLanguageTimeScale"/>).</summary>
    public double? TimeScaleGiven { get; init; }

    public double TimeScale => TimeScaleGiven ?? 60;

    /// <summary>The sample's retry intervals (1 s × multiplier) become milliseconds, so the run measures the engine, not the waits.</summary>
    public double StateLanguageTimeScale => TimeScaleGiven ?? 1000;

    /// <summary>The content pipeline's LLM windows (a minute) become 6 s, and its latencies tens of milliseconds.</summary>
    public double ContentPipelineTimeScale => TimeScaleGiven ?? 10;

    /// <summary>Content pipelines started at once (half long drafts, half short).</summary>
    public int Pipelines { get; init; } = 20;

    /// <summary>Fraction of patients DocumentExchange has documents for (the simulator's NoneFraction is 1 - this).</summary>
    public double Found { get; init; } = 0.7;

    /// <summary>Mean files per archive; null keeps the simulator's own distribution.</summary>
    public double? Files { get; init; }

    /// <summary>Unscaled seconds one conversion takes; null keeps the server's default.</summary>
    public double? ConvertSeconds { get; init; }

    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    /// <summary>
    /// Server processes sharing the database (and the limits); more than one needs PostgreSQL. Null when not given: one,
    /// except in the nodes scenario (<see cref="NodesOfNodesScenario"/>).
    /// </summary>
    public int? NodesGiven { get; init; }

    public int Nodes => NodesGiven ?? 1;

    /// <summary>Server processes in the nodes scenario, all on one PostgreSQL database and one storage root.</summary>
    public int NodesOfNodesScenario => NodesGiven ?? 3;

    public string? PostgresConnectionString { get; init; }

    public IReadOnlyList<Scenario> Scenarios { get; init; } = [Scenario.Baseline];

    public string? OutFolder { get; init; }

    /// <summary>Real seconds a scenario may run; null means twice the physical bound plus two minutes.</summary>
    public double? TimeoutSeconds { get; init; }

    public int StormPatients { get; init; } = 10_000;

    /// <summary>Instances the capacity scenario starts and leaves suspended on a bookmark.</summary>
    public int Instances { get; init; } = 10_000;

    /// <summary>Instances of the task workflow in the capacity scenario.</summary>
    public int TaskInstances { get; init; } = 500;

    /// <summary>Task activities (GetPatient, database queue) in a row in each task instance.</summary>
    public int TasksPerInstance { get; init; } = 10;

    /// <summary>Executions of the state-language sample started at once.</summary>
    public int Executions { get; init; } = 1000;

    /// <summary>Start requests the capacity and state-language scenarios keep in flight at once.</summary>
    public int Concurrency { get; init; } = 16;

    public double SampleSeconds { get; init; } = 1;


    public bool Smoke { get; init; }

    /// <summary>Skip `dotnet build -c Release` of the server and simulators and use what is already built.</summary>
    public bool NoBuild { get; init; }

    public const string Usage = """
        PatientDocs.Bench: end-to-end load and fault runs against the real server and simulators.

          --patients <n>          patients started at once (default 1000)
          --time-scale <s>        time compression for server and simulators (default 60; state-language 1000)
          --found <f>             fraction of patients with documents, 0..1 (default 0.7)
          --files <mean>          mean files per archive: uniform 1..2*mean-1, no large archives
                                  (default: the simulator's distribution, mostly 1..20 and 2 % up to 3000)
          --convert-seconds <d>   unscaled seconds per converted file (default: the server's setting)
          --store sqlite|postgres|memory  database of the server (default sqlite; memory: no durability)
          --pg <connection>       PostgreSQL admin connection (default: env PATIENTDOCS_TEST_POSTGRES)
          --nodes <n>             server processes sharing the database and the limits, 1..8 (default 1; >1 needs
                                  postgres); in the nodes scenario, on one PostgreSQL and one storage root (default 3)
          --scenario <name>       {SCENARIOS} (comma-separated allowed; default baseline;
                                  all is every scenario but capacity, nodes and state-language)
                                  the nodes scenario always runs on PostgreSQL (--pg or PATIENTDOCS_TEST_POSTGRES)
          --storm-patients <n>    patients in start-storm (default 10000)
          --instances <n>         capacity: instances started and left suspended (default 10000)
          --task-instances <n>    capacity: instances of the task workflow (default 500)
          --tasks <k>             capacity: GetPatient tasks in a row per task instance (default 10)
          --executions <n>        state-language: executions of order_processing_workflow started at once (default 1000)
          --concurrency <c>       capacity, state-language: start requests in flight at once (default 16)
          --pipelines <n>         content-pipeline: pipelines started at once (default 20; TimeScale default 10)
          --out <folder>          report folder (default bench-results/<timestamp>/)
          --timeout <seconds>     real seconds per scenario (default 2 x bound + 120; capacity: per phase, 3600;
                                  state-language: 600)
          --sample <seconds>      sampling interval (default 1)
          --no-build              use the already built Release server and simulators
          --smoke                 20 patients at TimeScale 600, baseline; exit 1 on any violation, lost or duplicate
        """;

    public static BenchOptions Smoke_ => new()
    {
        Patients = 20,
        TimeScaleGiven = 600,
        Found = 0.7,
        Scenarios = [Scenario.Baseline],
        Smoke = true,
        TimeoutSeconds = 300,
    };

    /// <summary>Parses the command line; returns the error message instead of options when it is wrong.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--smoke") ? Smoke_ : new BenchOptions();
        var storeNamed = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--smoke")
            {
                continue;
            }

            if (name is "--no-build")
            {
                options = options with { NoBuild = true };
                continue;
            }

            if (name is "--help" or "-h")
            {
                return (null, "");
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--patients" when int.TryParse(value, out var n) && n is > 0 and <= 10_000:
                    options = options with { Patients = n };
                    break;
                case "--time-scale" when TryDouble(value, out var s) && s > 0:
                    options = options with { TimeScaleGiven = s };
                    break;
                case "--found" when TryDouble(value, out var f) && f is >= 0 and <= 1:
                    options = options with { Found = f };
                    break;
                case "--files" when TryDouble(value, out var files) && files is >= 0 and <= 3000:
                    options = options with { Files = files };
                    break;
                case "--convert-seconds" when TryDouble(value, out var d) && d >= 0:
                    options = options with { ConvertSeconds = d };
                    break;
                case "--store" when value is "sqlite" or "postgres" or "memory":
                    options = options with { Store = value switch { "sqlite" => StoreKind.Sqlite, "postgres" => StoreKind.Postgres, _ => StoreKind.Memory } };
                    storeNamed = true;
                    break;
                case "--nodes" when int.TryParse(value, out var nodes) && nodes is >= 1 and <= 8:
                    options = options with { NodesGiven = nodes };
                    break;
                case "--pg":
                    options = options with { PostgresConnectionString = value };
                    break;
                case "--scenario" when ScenarioNames.Parse(value) is { } scenarios:
                    options = options with { Scenarios = scenarios };
                    break;
                case "--storm-patients" when int.TryParse(value, out var storm) && storm is > 0 and <= 10_000:
                    options = options with { StormPatients = storm };
                    break;
                case "--instances" when int.TryParse(value, out var instances) && instances is > 0 and <= 1_000_000:
                    options = options with { Instances = instances };
                    break;
                case "--task-instances" when int.TryParse(value, out var taskInstances) && taskInstances is > 0 and <= 100_000:
                    options = options with { TaskInstances = taskInstances };
                    break;
                case "--tasks" when int.TryParse(value, out var tasks) && tasks is > 0 and <= 100:
                    options = options with { TasksPerInstance = tasks };
                    break;
                case "--pipelines" when int.TryParse(value, out var pipelines) && pipelines is > 0 and <= 10_000:
                    options = options with { Pipelines = pipelines };
                    break;
                case "--executions" when int.TryParse(value, out var executions) && executions is > 0 and <= 100_000:
                    options = options with { Executions = executions };
                    break;
                case "--concurrency" when int.TryParse(value, out var concurrency) && concurrency is > 0 and <= 256:
                    options = options with { Concurrency = concurrency };
                    break;
                case "--out":
                    options = options with { OutFolder = value };
                    break;
                case "--timeout" when TryDouble(value, out var t) && t > 0:
                    options = options with { TimeoutSeconds = t };
                    break;
                case "--sample" when TryDouble(value, out var sample) && sample is >= 0.1 and <= 60:
                    options = options with { SampleSeconds = sample };
                    break;
                default:
                    return (null, $"{name}: unknown option or invalid value '{value}'");
            }
        }

        var nodesScenario = options.Scenarios.Contains(Scenario.Nodes);
        if (nodesScenario && storeNamed && options.Store != StoreKind.Postgres)
        {
            return (null, "--scenario nodes runs on PostgreSQL: leave --store out or give --store postgres");
        }

        if (!nodesScenario && options.Nodes > 1 && options.Store != StoreKind.Postgres)
        {
            return (null, "--nodes above 1 needs --store postgres: the nodes share one database");
        }

        if (options.Scenarios.Contains(Scenario.StateLanguage) && options.Store == StoreKind.Memory)
        {
            return (null, "--scenario state-language needs --store sqlite or postgres: the state-language API keeps its workflows in a database");
        }

        if (options.Store == StoreKind.Postgres || nodesScenario)
        {
            var connection = options.PostgresConnectionString ?? Environment.GetEnvironmentVariable("PATIENTDOCS_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(connection))
            {
                return (null, $"{(nodesScenario ? "--scenario nodes" : "--store postgres")} needs --pg <connection> or env PATIENTDOCS_TEST_POSTGRES");
            }

            options = options with { PostgresConnectionString = connection };
        }

        return (options, null);
    }

    private static bool TryDouble(string value, out double result) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
}

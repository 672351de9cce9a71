using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Runs;

/// <summary>Everything measured in one scenario; the report and raw.json are written from this.</summary>
public sealed record RunResult
{
    public required string Scenario { get; init; }
    public required int Patients { get; init; }
    public required double TimeScale { get; init; }
    public required string Store { get; init; }
    public required double FoundConfigured { get; init; }
    public required PhysicalBound Bound { get; init; }
    public required bool FoundMeasured { get; init; }
    public required bool MeanFilesMeasured { get; init; }
    public required double MakespanSeconds { get; init; }
    public required bool TimedOut { get; init; }
    public required double Ratio { get; init; }
    public required Latency Latency { get; init; }
    public required IReadOnlyList<LimitResult> Limits { get; init; }

    /// <summary>Where the makespan went around DocumentExchange's shared limit; null when the run did not finish cleanly.</summary>
    public MakespanSplit? Split { get; init; }
    public required long Violations { get; init; }
    public required int Started { get; init; }
    public required int Finished { get; init; }
    public required int Faulted { get; init; }
    public required int Lost { get; init; }
    public required int Duplicated { get; init; }
    public required int DuplicateReports { get; init; }
    public required int ExtraInstances { get; init; }
    public required double PeakRssMb { get; init; }
    public required double CpuSeconds { get; init; }
    public required long DatabaseBytes { get; init; }
    public required int ConvertedFiles { get; init; }
    public required double? PeakConversions { get; init; }
    public required JsonNode? ModuleStats { get; init; }
    public required string? ModuleStatsPath { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    public required IReadOnlyList<Sample> Samples { get; init; }
    public required IReadOnlyDictionary<string, JsonNode> SimulatorStats { get; init; }

    /// <summary>The ETA asked once per patient shortly after start against its actual finish (the baseline only); null otherwise.</summary>
    public EtaAccuracy? Eta { get; init; }

    /// <summary>Server processes sharing the database and the storage root (the nodes scenario); null for one server.</summary>
    public int? Nodes { get; init; }

    /// <summary>
    /// How many seconds more the machine's wall clock moved than its monotonic clock between the bulk start and the end of
    /// the run, when that exceeds <see cref="ClockStep.Tolerance"/>; null otherwise. The makespan, the head and the slack
    /// are read on wall clocks and the simulators' windows on the monotonic one, so such a run is not comparable.
    /// </summary>
    public double? ClockStepSeconds { get; init; }

    /// <summary>Patients whose storage and TaskTracker report disagree (<see cref="DocumentsCheck"/>); null when not checked.</summary>
    public IReadOnlyList<string>? DocumentProblems { get; init; }

    public string SummaryLine =>
        FormattableString.Invariant(
            $"scenario={Scenario} patients={Patients} ratio={Ratio:0.000} violations={Violations} lost={Lost} duplicated={Duplicated} peak_rss_mb={PeakRssMb:0}")
        + (Nodes is { } nodes ? FormattableString.Invariant($" nodes={nodes}") : "")
        + (Eta is { } eta ? FormattableString.Invariant($" eta_abs_p50_s={eta.MedianAbsSeconds:0.0} eta_abs_p90_s={eta.P90AbsSeconds:0.0}") : "")
        + (DocumentProblems is { } problems ? FormattableString.Invariant($" wrong_documents={problems.Count}") : "")
        + (ClockStepSeconds is { } step ? FormattableString.Invariant($" clock_step_s={step:0.00}") : "");
}

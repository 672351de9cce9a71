namespace PatientDocs.Bench.Runs;

/// <summary>Everything the state-language scenario measured and checked; its summary.md and raw.json are written from this.</summary>
public sealed record StateLanguageResult
{
    public required string Scenario { get; init; }

    /// <summary>The --store value: sqlite or postgres.</summary>
    public required string Store { get; init; }
    public required string Provider { get; init; }
    public required double TimeScale { get; init; }
    public required int Concurrency { get; init; }
    public required int Warmup { get; init; }
    public required int Executions { get; init; }
    public required int StartsAccepted { get; init; }
    public required int StartsFailed { get; init; }
    public required string? FirstStartFailure { get; init; }

    /// <summary>Seconds from the first start request until the server had answered the last one.</summary>
    public required double AcceptSeconds { get; init; }

    /// <summary>Seconds from the first start request until the RUNNING count of the workflow reached 0 (or the timeout).</summary>
    public required double DrainSeconds { get; init; }
    public required bool TimedOut { get; init; }
    public required int StillRunning { get; init; }
    public required IReadOnlyList<PathTally> Paths { get; init; }
    public required int Mismatches { get; init; }

    /// <summary>The first mismatches (execution id, path, what differed); <see cref="Mismatches"/> counts all.</summary>
    public required IReadOnlyList<string> MismatchExamples { get; init; }
    public required StateLanguageMeasures Measures { get; init; }
    public required double IdleRssMb { get; init; }
    public required double PeakRssMb { get; init; }

    /// <summary>Server CPU seconds from the first start request until every execution ended.</summary>
    public required double CpuSeconds { get; init; }
    public required long DatabaseBytes { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    public required IReadOnlyList<StateLanguageSample> Samples { get; init; }

    /// <summary>Every start accepted, none still running, every execution ended as its path must.</summary>
    public bool Passed => StartsFailed == 0 && !TimedOut && StillRunning == 0 && Mismatches == 0 && Measures.Ended == StartsAccepted;

    public string SummaryLine =>
        FormattableString.Invariant(
            $"scenario={Scenario} store={Store} executions={Executions} ended={Measures.Ended} wrong={Mismatches} executions_per_s={Measures.ExecutionsPerSecond:0.0} p95_step_ms={Measures.StepMs.P95:0.0} p95_transition_ms={Measures.TransitionMs.P95:0.0} p95_execution_ms={Measures.ExecutionMs.P95:0} peak_rss_mb={PeakRssMb:0} cpu_s={CpuSeconds:0.0}");
}

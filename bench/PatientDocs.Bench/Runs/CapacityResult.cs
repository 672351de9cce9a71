namespace PatientDocs.Bench.Runs;

/// <summary>Everything the capacity scenario measured; its summary.md and raw.json are written from this.</summary>
public sealed record CapacityResult
{
    public required string Scenario { get; init; }

    /// <summary>The --store value: sqlite, postgres or memory.</summary>
    public required string Store { get; init; }
    public required string Provider { get; init; }
    public required int Concurrency { get; init; }
    public required SteadyRss IdleRss { get; init; }

    public required int Instances { get; init; }
    public required int StartsAccepted { get; init; }
    public required int StartsFailed { get; init; }
    public required double AcceptSeconds { get; init; }
    public required double SuspendSeconds { get; init; }
    public required int Suspended { get; init; }
    public required double StartsPerSecond { get; init; }
    public required SteadyRss SuspendedRss { get; init; }
    public required double PeakRssAfterStartsMb { get; init; }
    public required double CpuSecondsStarts { get; init; }
    public required long DatabaseBytesSuspended { get; init; }

    public required int TaskInstances { get; init; }
    public required int TasksPerInstance { get; init; }
    public required int TaskStartsAccepted { get; init; }
    public required int TaskStartsFailed { get; init; }
    public required int TaskInstancesFinished { get; init; }
    public required int TaskInstancesFaulted { get; init; }
    public required string? VerifiedInstanceId { get; init; }
    public required int VerifiedTasks { get; init; }
    public required double TaskSeconds { get; init; }
    public required double TasksPerSecond { get; init; }
    public required double CpuSecondsTasks { get; init; }

    public required double PeakRssMb { get; init; }
    public required long DatabaseBytes { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    public required IReadOnlyList<CapacitySample> Samples { get; init; }

    public string SummaryLine =>
        FormattableString.Invariant(
            $"scenario={Scenario} store={Store} instances={Instances} starts_per_s={StartsPerSecond:0.0} suspended_rss_mb={SuspendedRss.Mb:0} tasks_per_s={TasksPerSecond:0.0}");
}

namespace PatientDocs.Bench.Runs;

/// <summary>One observation during a run; request counts are cumulative per limit ("service/limit").</summary>
public sealed record Sample(
    double ElapsedSeconds,
    int Finished,
    int Running,
    int Faulted,
    IReadOnlyDictionary<string, long> LimitRequests,
    long Violations,
    double RssMb,
    double CpuSeconds,
    double? ActiveConversions);

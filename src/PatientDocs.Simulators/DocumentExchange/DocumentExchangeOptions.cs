using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>The <c>Simulators:DocumentExchange</c> section.</summary>
public sealed class DocumentExchangeOptions
{
    /// <summary>How long a search job runs (the first fifth of it pending).</summary>
    public double JobSeconds { get; set; } = 5;

    /// <summary>The fraction of jobs that end "failed"; 0 unless a test wants failures.</summary>
    public double FailureFraction { get; set; }

    public DistributionOptions Distribution { get; set; } = new();

    /// <summary>Document counts by patient id, overriding the distribution.</summary>
    public Dictionary<string, int> Overrides { get; set; } = [];

    public DocumentExchangeLimitsOptions Limits { get; set; } = new();

    /// <summary>Latency by endpoint ("search", "status", "download"), before TimeScale: a search is queued, an archive streamed.</summary>
    public Dictionary<string, LatencyOptions> Latency { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["search"] = new() { BaseMilliseconds = 120, JitterMilliseconds = 60 },
        ["status"] = new() { BaseMilliseconds = 30, JitterMilliseconds = 20 },
        ["download"] = new() { BaseMilliseconds = 200, JitterMilliseconds = 150 },
    };

    public List<ScheduledOutageOptions> Outages { get; set; } = [];
}

using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.Llm;

/// <summary>The <c>Simulators:Llm</c> section: a language-model service limited in requests and in tokens per window.</summary>
public sealed class LlmOptions
{
    /// <summary>Requests per window (RPM with the default minute).</summary>
    public LimitOptions Requests { get; set; } = new() { Permits = 60, PeriodSeconds = 60 };

    /// <summary>Tokens per window (TPM): prompt plus maximum completion reserved at arrival, corrected to the usage at the answer.</summary>
    public TokenLimitOptions Tokens { get; set; } = new();

    /// <summary>Latency of <c>complete</c> before the completion is written, before TimeScale.</summary>
    public LatencyOptions Latency { get; set; } = new() { BaseMilliseconds = 300, JitterMilliseconds = 100 };

    /// <summary>Added per completion token, before TimeScale: a longer answer takes longer.</summary>
    public double MillisecondsPerCompletionToken { get; set; } = 0.5;

    /// <summary>The completion uses this share of maxTokens (at least 1 token), so usage is below the reservation.</summary>
    public double CompletionFraction { get; set; } = 0.8;

    public List<ScheduledOutageOptions> Outages { get; set; } = [];
}

using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.Llm;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

/// <summary>The <c>Simulators</c> section.</summary>
public sealed class SimulatorsOptions
{
    public const string SectionName = "Simulators";

    /// <summary>Every duration divides by this; falls back to <c>PatientDocs:TimeScale</c>, then 1.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Seeds the latency draws (DocumentExchange with this, TaskTracker with this + 1), so runs repeat.</summary>
    public int LatencySeed { get; set; } = 1;

    /// <summary>Multiplies every endpoint's latency: 0 turns latency off (tests on a manual clock), 2 doubles it.</summary>
    public double LatencyMultiplier { get; set; } = 1;

    public DocumentExchangeOptions DocumentExchange { get; set; } = new();

    public LlmOptions Llm { get; set; } = new();

    public TaskTrackerOptions TaskTracker { get; set; } = new();
}

using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

/// <summary>The <c>Simulators</c> section.</summary>
public sealed class SimulatorsOptions
{
    public const string SectionName = "Simulators";

    /// <summary>Every duration divides by this; falls back to <c>PatientDocs:TimeScale</c>, then 1.</summary>
    public double TimeScale { get; set; } = 1;

    public DocumentExchangeOptions DocumentExchange { get; set; } = new();

    public TaskTrackerOptions TaskTracker { get; set; } = new();
}

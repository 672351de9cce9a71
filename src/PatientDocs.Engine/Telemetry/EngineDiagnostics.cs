using System.Diagnostics;

namespace PatientDocs.Engine.Telemetry;

/// <summary>
/// The engine's names in <c>System.Diagnostics</c>: one <see cref="ActivitySource"/> for its spans (a burst, a task attempt)
/// and the name of its <see cref="System.Diagnostics.Metrics.Meter"/> (<see cref="EngineMetrics"/>). A host subscribes to both
/// by <see cref="Name"/>; with no subscriber every span start is a null check.
/// </summary>
public static class EngineDiagnostics
{
    public const string Name = "PatientDocs.Engine";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(EngineDiagnostics).Assembly.GetName().Version?.ToString());
}

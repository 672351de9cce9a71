namespace PatientDocs.Simulators.Gateway;

/// <summary>An outage that starts <see cref="StartInSeconds"/> after the simulators start; both durations divide by TimeScale.</summary>
public sealed class ScheduledOutageOptions
{
    public OutageKind Kind { get; set; } = OutageKind.Unavailable;

    public double StartInSeconds { get; set; }

    public double DurationSeconds { get; set; } = 60;
}

namespace PatientDocs.Simulators.Gateway;

/// <summary>A sliding-window limit: no window of <see cref="PeriodSeconds"/> (divided by TimeScale) may hold more than <see cref="Permits"/> requests.</summary>
public sealed class LimitOptions
{
    public int Permits { get; set; } = 10;

    public double PeriodSeconds { get; set; } = 1;
}

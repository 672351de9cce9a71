namespace PatientDocs.Simulators.Llm;

/// <summary>A sliding-window limit on tokens: no window of <see cref="PeriodSeconds"/> (divided by TimeScale) charges more than <see cref="Tokens"/>.</summary>
public sealed class TokenLimitOptions
{
    public long Tokens { get; set; } = 40_000;

    public double PeriodSeconds { get; set; } = 60;
}

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>How many documents a patient has: none, mostly 1..SmallMaxFiles, a few up to MaxFiles.</summary>
public sealed class DistributionOptions
{
    public double NoneFraction { get; set; } = 0.3;

    /// <summary>Of the patients with documents, the fraction with a large archive (SmallMaxFiles+1..MaxFiles).</summary>
    public double LargeFraction { get; set; } = 0.02;

    public int SmallMaxFiles { get; set; } = 20;

    public int MaxFiles { get; set; } = 3000;
}

namespace PatientDocs.Bench.Runs;

/// <summary>
/// The lower bound on the makespan from physical-limits.md, in unscaled seconds:
/// max(6·N·(1+f), N·f·F̄·d/C, N·4/10, N·p̄/10), plus any outage of DocumentExchange (unused windows are lost).
/// </summary>
public sealed record PhysicalBound(
    int Patients,
    double Found,
    double MeanFiles,
    double ConvertSeconds,
    int ConversionSlots,
    double PollsPerPatient,
    double OutageSeconds)
{
    public double DocumentExchange => 6.0 * Patients * (1 + Found);

    public double Conversion => ConversionSlots == 0 ? 0 : Patients * Found * MeanFiles * ConvertSeconds / ConversionSlots;

    public double TaskTracker => Patients * 4 / 10.0;

    public double Polls => Patients * PollsPerPatient / 10.0;

    public double Unscaled => Math.Max(Math.Max(DocumentExchange, Conversion), Math.Max(TaskTracker, Polls)) + OutageSeconds;

    public string Binding
    {
        get
        {
            var terms = new[] { ("DocumentExchange", DocumentExchange), ("conversion", Conversion), ("TaskTracker", TaskTracker), ("polls", Polls) };
            return terms.MaxBy(t => t.Item2).Item1;
        }
    }

    public double Scaled(double timeScale) => Unscaled / timeScale;
}

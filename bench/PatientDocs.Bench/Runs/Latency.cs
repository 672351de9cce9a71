namespace PatientDocs.Bench.Runs;

/// <summary>Per-patient latency (instance createdAt to finishedAt), real seconds.</summary>
public sealed record Latency(int Count, double P50, double P95, double Max)
{
    public static Latency Of(IReadOnlyList<double> seconds)
    {
        if (seconds.Count == 0)
        {
            return new Latency(0, 0, 0, 0);
        }

        var sorted = seconds.Order().ToArray();
        return new Latency(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
    }

    // Nearest-rank percentile: the value at rank ceil(p·n).
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

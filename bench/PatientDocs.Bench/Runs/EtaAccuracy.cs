using PatientDocs.Bench.Api;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// How the ETA given shortly after start compared with each instance's actual finish: absolute error (|etaAt − finishedAt|,
/// real seconds) and relative error (that over the time from asking to finishing), median and p90; the signed median
/// (negative: finished later than estimated); how often the lower bound held (no instance finished before it); and the
/// bases the answers rested on.
/// </summary>
public sealed record EtaAccuracy(
    int Asked,
    int Compared,
    double MedianAbsSeconds,
    double P90AbsSeconds,
    double MedianRelative,
    double P90Relative,
    double MedianSignedSeconds,
    double MedianAskedAfterStartSeconds,
    int LowerBoundHeld,
    IReadOnlyDictionary<string, int> Bases)
{
    public static EtaAccuracy? Of(IReadOnlyCollection<EtaAnswer> answers, IReadOnlyList<InstanceSummary> instances, DateTimeOffset startedAt)
    {
        var finished = instances.Where(i => i.SubStatus == "Finished" && i.FinishedAt is not null).ToDictionary(i => i.Id, i => i.FinishedAt!.Value);
        var pairs = answers.Where(a => a.EtaAt is not null && finished.ContainsKey(a.InstanceId))
            .Select(a => (Answer: a, FinishedAt: finished[a.InstanceId]))
            .ToList();
        if (pairs.Count == 0)
        {
            return null;
        }

        var signed = pairs.Select(p => (p.Answer.EtaAt!.Value - p.FinishedAt).TotalSeconds).ToList();
        var absolute = signed.Select(Math.Abs).ToList();
        var relative = pairs.Select(p => Math.Abs((p.Answer.EtaAt!.Value - p.FinishedAt).TotalSeconds) / Math.Max(0.001, (p.FinishedAt - p.Answer.AskedAt).TotalSeconds)).ToList();
        return new EtaAccuracy(
            answers.Count,
            pairs.Count,
            Percentile(absolute, 0.5),
            Percentile(absolute, 0.9),
            Percentile(relative, 0.5),
            Percentile(relative, 0.9),
            Percentile(signed, 0.5),
            Percentile(answers.Select(a => (a.AskedAt - startedAt).TotalSeconds).ToList(), 0.5),
            pairs.Count(p => p.Answer.LowerBound is not { } floor || floor <= p.FinishedAt),
            answers.GroupBy(a => a.Basis).ToDictionary(g => g.Key, g => g.Count()));
    }

    // Nearest rank, as the latency figures.
    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

namespace PatientDocs.Bench.Runs;

/// <summary>
/// A makespan cut at the shared DocumentExchange limit's first and last requests, as its simulator saw them (real seconds):
/// <see cref="HeadSeconds"/> from the bulk start to the first request; <see cref="PacedSeconds"/>, the least time the
/// sliding window allows between the first and the last of its requests; <see cref="SlackSeconds"/>, how much longer
/// they took than that; <see cref="TailSeconds"/> from the last request to the last instance's finish. The four add up
/// to the makespan; only the paced part is in the physical bound.
/// </summary>
public sealed record MakespanSplit(double HeadSeconds, double PacedSeconds, double SlackSeconds, double TailSeconds, double? MeanSlackMs)
{
    public const string LimitKey = "document-exchange/search+download";

    public static MakespanSplit? Of(LimitResult? limit, DateTimeOffset startedAt, DateTimeOffset lastFinish)
    {
        if (limit is not { FirstArrivalAt: { } first, LastArrivalAt: { } last, Requests: > 0, Permits: > 0 })
        {
            return null;
        }

        // Request k (from 0) may arrive no sooner than floor(k / permits) windows after the first.
        var paced = Math.Floor((limit.Requests - 1) / (double)limit.Permits) * limit.WindowSeconds;
        var sent = (last - first).TotalSeconds;
        var samples = limit.Requests - limit.Permits;
        var meanSlack = limit.SlackTotalMs is { } total && samples > 0 ? total / samples : (double?)null;
        return new MakespanSplit((first - startedAt).TotalSeconds, paced, sent - paced, (lastFinish - last).TotalSeconds, meanSlack);
    }
}

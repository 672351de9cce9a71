using Cronos;

namespace PatientDocs.Engine.Scheduling;

/// <summary>
/// One schedule trigger of a published definition: which start activity, and when it is due. Its key (definition and
/// activity) outlives versions; the store keeps, per key, the version it was armed for and the last tick that fired.
/// </summary>
public sealed record ScheduleTrigger(
    string DefinitionId,
    string DefinitionVersionId,
    string ActivityId,
    ScheduleKind Kind,
    CronExpression? Cron = null,
    TimeSpan? Interval = null,
    DateTimeOffset? At = null)
{
    // A cron that fires every second, left unattended for a long outage, is walked at most this far to find its latest tick.
    private const int MaxOccurrencesWalked = 1_000_000;

    public string Key => $"{DefinitionId}:{ActivityId}";

    /// <summary>
    /// Where a schedule seen for the first time (or for a new version) starts counting: now, so that it first fires at its
    /// next tick — except a StartAt, which fires once at its moment even if that has passed by the time it is published.
    /// </summary>
    public DateTimeOffset ArmedAt(DateTimeOffset now) => Kind == ScheduleKind.StartAt && At is { } at && at <= now ? at.AddTicks(-1) : now;

    /// <summary>The first tick after <paramref name="after"/>, or null when there is none (a StartAt that has fired).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Kind switch
    {
        ScheduleKind.Cron => Cron!.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null,
        ScheduleKind.Timer => after + Interval!.Value,
        _ => At > after ? At : null,
    };

    /// <summary>
    /// The latest tick in (<paramref name="last"/>, <paramref name="now"/>], or null when none is due. Ticks missed while no
    /// node ran collapse into this one: a schedule fires once on start, not once per missed tick.
    /// </summary>
    public DateTimeOffset? LatestDue(DateTimeOffset last, DateTimeOffset now)
    {
        switch (Kind)
        {
            case ScheduleKind.Timer:
                var interval = Interval!.Value;
                if (last + interval > now)
                {
                    return null;
                }

                var periods = (now - last).Ticks / interval.Ticks;
                return last + TimeSpan.FromTicks(interval.Ticks * periods);
            case ScheduleKind.Cron:
                DateTimeOffset? latest = null;
                var walked = 0;
                for (var next = NextAfter(last); next is { } due && due <= now && walked < MaxOccurrencesWalked; next = NextAfter(due), walked++)
                {
                    latest = due;
                }

                return latest;
            default:
                return At is { } at && at > last && at <= now ? at : null;
        }
    }
}

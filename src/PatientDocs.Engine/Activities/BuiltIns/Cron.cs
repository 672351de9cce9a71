using Cronos;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// A schedule: as a trigger of a published definition it starts an instance at every occurrence (the schedule worker), and
/// that instance's run of it completes at once; reached inside a flow it waits for its next occurrence (UTC).
/// </summary>
[Activity("Elsa", "Cron", Category = "Scheduling", Description = "Triggers the workflow on a cron schedule, or waits for the next occurrence.", Kind = ActivityKind.Trigger)]
public sealed class Cron : ControlActivity
{
    [Input(DisplayName = "Cron Expression", Description = "Five fields (minute hour day month weekday) or six with seconds first, in UTC.")]
    public string? CronExpression { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (context.IsTriggerOfWorkflow)
        {
            return ActivityResult.Done();
        }

        if (string.IsNullOrWhiteSpace(CronExpression))
        {
            return ActivityResult.Fault("Cron has no cron expression.");
        }

        try
        {
            var next = CronSyntax.Parse(CronExpression).GetNextOccurrence(context.Now.UtcDateTime, TimeZoneInfo.Utc);
            return next is { } due
                ? ActivityResult.Suspend(BookmarkKind.Timer, name: "Elsa.Cron", dueAt: new DateTimeOffset(due, TimeSpan.Zero))
                : ActivityResult.Fault($"The cron expression '{CronExpression}' has no next occurrence.");
        }
        catch (CronFormatException e)
        {
            return ActivityResult.Fault($"Error when parsing cron expression: {e.Message}");
        }
    }
}

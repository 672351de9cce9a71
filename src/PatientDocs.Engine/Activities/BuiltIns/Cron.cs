namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>A schedule trigger; the expression is checked on publish. Run as the start activity it completes at once.</summary>
[Activity("Elsa", "Cron", Category = "Scheduling", Description = "Starts the workflow on a cron schedule.", Kind = ActivityKind.Trigger)]
public sealed class Cron : ControlActivity
{
    [Input(DisplayName = "Cron Expression")]
    public string? CronExpression { get; set; }

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}

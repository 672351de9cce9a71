using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "Delay", Category = "Scheduling", Description = "Waits for a duration (a durable timer).")]
public sealed class Delay : ControlActivity
{
    [Input(DisplayName = "Time Span", Description = "How long to wait, as hh:mm:ss.", DefaultValue = "00:01:00")]
    public TimeSpan TimeSpan { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (TimeSpan <= TimeSpan.Zero)
        {
            return ActivityResult.Done();
        }

        var due = context.Now + TimeSpan / context.TimeScale;
        return ActivityResult.Suspend(BookmarkKind.Timer, name: "Elsa.Delay", dueAt: due);
    }
}

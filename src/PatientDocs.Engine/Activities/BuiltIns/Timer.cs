using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Inside a flow it waits for one interval (a durable timer) and completes; as the trigger that started the instance it completes at once.</summary>
[Activity("Elsa", "Timer", Category = "Scheduling", Description = "Trigger workflow execution at a specific interval.", Kind = ActivityKind.Trigger)]
public sealed class Timer : ControlActivity
{
    [Input(Description = "The interval at which the timer should execute.", DefaultValue = "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public override ActivityResult Execute(ActivityContext context)
    {
        if (context.IsTriggerOfWorkflow || Interval <= TimeSpan.Zero)
        {
            return ActivityResult.Done();
        }

        return ActivityResult.Suspend(BookmarkKind.Timer, name: "Elsa.Timer", dueAt: context.Now + Interval / context.TimeScale);
    }
}

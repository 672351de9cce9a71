using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// A moment: as a trigger of a published definition it starts one instance then (the schedule worker), and that instance's
/// run of it completes at once; reached inside a flow it waits until then (at once if the moment has passed).
/// </summary>
[Activity("Elsa", "StartAt", Category = "Scheduling", DisplayName = "Start At", Description = "Triggers the workflow at a moment, or waits until it.", Kind = ActivityKind.Trigger)]
public sealed class StartAt : ControlActivity
{
    [Input(DisplayName = "Date Time", Description = "The moment, as an ISO 8601 date and time (UTC unless it says otherwise).", UIHint = "datetime-picker")]
    public DateTimeOffset DateTime { get; set; }

    public override ActivityResult Execute(ActivityContext context) =>
        context.IsTriggerOfWorkflow || DateTime <= context.Now
            ? ActivityResult.Done()
            : ActivityResult.Suspend(BookmarkKind.Timer, name: "Elsa.StartAt", dueAt: DateTime);
}

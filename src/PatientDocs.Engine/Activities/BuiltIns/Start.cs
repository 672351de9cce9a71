namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "Start", Category = "Flow", Description = "The starting point of the flowchart.")]
public sealed class Start : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}

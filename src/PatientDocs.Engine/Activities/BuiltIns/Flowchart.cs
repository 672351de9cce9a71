namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>A container; the interpreter runs its activities and connections itself.</summary>
[Activity("Elsa", "Flowchart", Category = "Workflows", Description = "A flowchart of activities and connections.", IsContainer = true)]
public sealed class Flowchart : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}

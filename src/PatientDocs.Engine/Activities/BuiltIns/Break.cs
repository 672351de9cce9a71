namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Ends the nearest enclosing loop: Sequences and Forks on the way stop, the loop completes when its body does.</summary>
[Activity("Elsa", "Break", Category = "Looping", Description = "Break out of a loop.", Ports = [])]
public sealed class Break : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.BreakLoop();
}

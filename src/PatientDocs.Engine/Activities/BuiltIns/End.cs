namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "End", Category = "Flow", Description = "Completes the containing flowchart at once.", Ports = [])]
public sealed class End : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.EndFlowchart();
}

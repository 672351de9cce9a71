namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "Finish", Category = "Primitives", Description = "Finishes the workflow, removing its bookmarks.", Ports = [])]
public sealed class Finish : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.FinishWorkflow();
}

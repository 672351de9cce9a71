namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>A container whose body (a nested flowchart) runs before it completes.</summary>
[Activity("Elsa", "FlowNode", Category = "Flow", DisplayName = "Flow Node", Description = "Runs a nested flowchart.", IsContainer = true, IsBrowsable = false)]
public sealed class FlowNode : ControlActivity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}

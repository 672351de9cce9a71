namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>The waiting happens in the flowchart scheduler; the join itself only completes.</summary>
[Activity("Elsa", "FlowJoin", Category = "Flow", DisplayName = "Join", Description = "Merges branches: WaitAll or WaitAny.")]
public sealed class FlowJoin : ControlActivity
{
    [Input(UIHint = "dropdown", DefaultValue = "WaitAny")]
    public FlowJoinMode Mode { get; set; } = FlowJoinMode.WaitAny;

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "FlowFork", Category = "Flow", DisplayName = "Fork", Description = "Follows every named branch.", Ports = [])]
public sealed class FlowFork : ControlActivity
{
    [Input(UIHint = "dynamic-outcomes")]
    public string[] Branches { get; set; } = [];

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Outcomes(Branches);
}

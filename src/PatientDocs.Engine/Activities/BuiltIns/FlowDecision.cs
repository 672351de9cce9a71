namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "FlowDecision", Category = "Branching", DisplayName = "Decision", Description = "Follows True or False.", Ports = ["True", "False"])]
public sealed class FlowDecision : ControlActivity
{
    [Input(UIHint = "singleline", DefaultSyntax = "JavaScript")]
    public bool Condition { get; set; }

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Outcomes(Condition ? "True" : "False");
}

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "Fault", Category = "Primitives", Description = "Faults the workflow with a message.", Ports = [])]
public sealed class Fault : ControlActivity
{
    [Input(Order = 0)]
    public string? Code { get; set; }

    [Input(Order = 1)]
    public string? Category { get; set; }

    [Input(Order = 2)]
    public string? Message { get; set; }

    public override ActivityResult Execute(ActivityContext context) =>
        ActivityResult.Fault(string.IsNullOrEmpty(Code) ? Message ?? "Fault" : $"{Code}: {Message}");
}

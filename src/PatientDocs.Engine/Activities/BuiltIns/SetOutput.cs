using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "SetOutput", Category = "Primitives", DisplayName = "Set Output", Description = "Sets a workflow output.")]
public sealed class SetOutput : ControlActivity
{
    [Input(UIHint = "output-picker", Order = 0)]
    public string? OutputName { get; set; }

    [Input(Order = 1)]
    public JsonNode? OutputValue { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (string.IsNullOrEmpty(OutputName))
        {
            return ActivityResult.Fault("SetOutput has no output name.");
        }

        context.SetWorkflowOutput(OutputName, OutputValue?.DeepClone());
        return ActivityResult.Done();
    }
}

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "Correlate", Category = "Primitives", Description = "Sets the instance's correlation id.")]
public sealed class Correlate : ControlActivity
{
    [Input(DisplayName = "Correlation Id")]
    public string? CorrelationId { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        context.CorrelationId = CorrelationId;
        return ActivityResult.Done();
    }
}

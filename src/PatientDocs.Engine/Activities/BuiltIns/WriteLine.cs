namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "WriteLine", Category = "Console", DisplayName = "Write Line", Description = "Writes a line of text.")]
public sealed class WriteLine : ControlActivity
{
    [Input(Description = "The text to write.")]
    public string? Text { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        context.WriteLine(Text ?? "");
        return ActivityResult.Done();
    }
}

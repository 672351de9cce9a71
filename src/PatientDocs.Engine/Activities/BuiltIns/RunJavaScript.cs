using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "RunJavaScript", Category = "Scripting", DisplayName = "Run JavaScript", Description = "Runs a script; its result is the output.")]
public sealed class RunJavaScript : ControlActivity
{
    [Input(UIHint = "code-editor")]
    public string? Script { get; set; }

    [Output]
    public JsonNode? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        Result = string.IsNullOrWhiteSpace(Script) ? null : context.RunJavaScript(Script);
        return ActivityResult.Done();
    }
}

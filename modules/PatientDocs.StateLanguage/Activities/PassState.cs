using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>A Pass state: merges its <c>result</c> object into the data.</summary>
[Activity(StateLanguageModule.Namespace, "Pass", Category = StateLanguageModule.Category, DisplayName = "Pass",
    Description = "A state-language Pass: merges its result into the data.", IsBrowsable = false)]
public sealed class PassState : ControlActivity
{
    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "The object merged into the data.", UIHint = "json-editor")]
    public JsonNode? Value { get; set; }

    [Output(Description = "The execution's data after this step.")]
    public JsonObject? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        Result = ExecutionData.Merge(Data, Value as JsonObject);
        return ActivityResult.Done();
    }
}

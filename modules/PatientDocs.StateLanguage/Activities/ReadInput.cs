using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>The first node of a compiled workflow: the execution's data starts as a copy of its input.</summary>
[Activity(StateLanguageModule.Namespace, "ReadInput", Category = StateLanguageModule.Category, DisplayName = "Read input",
    Description = "Starts the execution's data as its input.", IsBrowsable = false)]
public sealed class ReadInput : ControlActivity
{
    [Output(Description = "The execution's data: its input.")]
    public JsonObject? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        Result = (JsonObject)context.WorkflowInput.DeepClone();
        return ActivityResult.Done();
    }
}

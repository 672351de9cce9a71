using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// Ends the execution: writes its outcome to the workflow's outputs (<c>status</c> SUCCEEDED or FAILED, <c>error</c>,
/// <c>cause</c>, <c>currentState</c>, <c>data</c>), which the execution resource reads, and finishes the instance at once,
/// so branches still waiting in a Parallel end with it.
/// </summary>
[Activity(StateLanguageModule.Namespace, "End", Category = StateLanguageModule.Category, DisplayName = "End",
    Description = "Ends a state-language execution as SUCCEEDED or FAILED.", Ports = [], IsBrowsable = false)]
public sealed class EndExecution : ControlActivity
{
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    [Input(Description = "SUCCEEDED or FAILED.")]
    public string Status { get; set; } = Succeeded;

    [Input(Description = "The last state reached, when the flow knows it here.")]
    public string? State { get; set; }

    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "What failed the execution: state, error and cause.", UIHint = "json-editor")]
    public JsonNode? Failure { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        var failure = Status == Failed ? Failure as JsonObject : null;
        context.SetWorkflowOutput("status", Status);
        context.SetWorkflowOutput("currentState", State ?? failure?["state"]?.DeepClone());
        context.SetWorkflowOutput("error", failure?["error"]?.DeepClone());
        context.SetWorkflowOutput("cause", failure?["cause"]?.DeepClone());
        context.SetWorkflowOutput("data", ExecutionData.Of(Data));
        return ActivityResult.FinishWorkflow();
    }
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

[Activity("Elsa", "DispatchWorkflow", Category = "Composition", DisplayName = "Dispatch Workflow", Description = "Create a new workflow instance of the specified workflow and dispatch it for execution.")]
public sealed class DispatchWorkflow : ControlActivity
{
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflow to dispatch.", UIHint = "workflow-definition-picker", Order = 0)]
    public string? WorkflowDefinitionId { get; set; }

    [Input(DisplayName = "Correlation ID", Description = "The correlation ID to associate the workflow with.", Order = 1)]
    public string? CorrelationId { get; set; }

    [Input(Description = "The input to send to the workflow.", UIHint = "json-editor", Order = 2)]
    public JsonObject? Input { get; set; }

    [Input(DisplayName = "Wait For Completion", Description = "Wait for the child workflow to complete before completing this activity.", UIHint = "checkbox", Order = 3)]
    public bool WaitForCompletion { get; set; }

    [Output(Description = "The child's output, when waited for.")]
    public JsonNode? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context) =>
        string.IsNullOrWhiteSpace(WorkflowDefinitionId)
            ? ActivityResult.Fault("DispatchWorkflow has no workflow definition id.")
            : ActivityResult.StartChild(new ChildWorkflowRequest(WorkflowDefinitionId, Input, CorrelationId, WaitForCompletion));

    public override ActivityResult Resume(ActivityContext context, JsonNode? payload)
    {
        var child = ChildWorkflowResult.Parse(payload);
        if (child.FaultMessage is { } fault)
        {
            return ActivityResult.Fault(fault);
        }

        Result = child.IsFinished ? child.Output ?? [] : null;
        return ActivityResult.Done();
    }
}

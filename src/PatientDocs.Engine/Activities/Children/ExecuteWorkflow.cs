using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

[Activity("Elsa", "ExecuteWorkflow", Category = "Composition", DisplayName = "Execute Workflow", Description = "Create a new workflow instance of the specified workflow and execute it.")]
public sealed class ExecuteWorkflow : ControlActivity
{
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflow to execute.", UIHint = "workflow-definition-picker", Order = 0)]
    public string? WorkflowDefinitionId { get; set; }

    [Input(DisplayName = "Correlation ID", Description = "The correlation ID to associate the workflow with.", Order = 1)]
    public string? CorrelationId { get; set; }

    [Input(Description = "The input to send to the workflow.", UIHint = "json-editor", Order = 2)]
    public JsonObject? Input { get; set; }

    [Input(DisplayName = "Wait For Completion", Description = "Wait for the child workflow to complete before completing this activity.", UIHint = "checkbox", Order = 3)]
    public bool WaitForCompletion { get; set; }

    [Output(Description = "The child's output once it finished; without waiting, its instance id and status.")]
    public JsonNode? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context) =>
        string.IsNullOrWhiteSpace(WorkflowDefinitionId)
            ? ActivityResult.Fault("ExecuteWorkflow has no workflow definition id.")
            : ActivityResult.StartChild(new ChildWorkflowRequest(WorkflowDefinitionId, Input, CorrelationId, WaitForCompletion));

    public override ActivityResult Resume(ActivityContext context, JsonNode? payload)
    {
        var child = ChildWorkflowResult.Parse(payload);
        if (child.FaultMessage is { } fault)
        {
            return ActivityResult.Fault(fault);
        }

        // Elsa hands the child's output on completion; without waiting, what it knows of the started child.
        Result = child.IsFinished
            ? child.Output ?? []
            : new JsonObject { ["workflowInstanceId"] = child.InstanceId, ["status"] = "Running", ["subStatus"] = "Pending", ["output"] = new JsonObject() };
        return ActivityResult.Done();
    }
}

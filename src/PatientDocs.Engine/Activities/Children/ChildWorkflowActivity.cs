using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

/// <summary>
/// Starts a child instance of a published definition (Elsa's ExecuteWorkflow and DispatchWorkflow share these inputs); the
/// child's completion resumes this activity durably, and a faulted or cancelled child faults it.
/// </summary>
public abstract class ChildWorkflowActivity : ControlActivity
{
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflow to start.", UIHint = "workflow-definition-picker", Order = 0)]
    public string? WorkflowDefinitionId { get; set; }

    [Input(DisplayName = "Correlation ID", Description = "The correlation ID to associate the workflow with.", Order = 1)]
    public string? CorrelationId { get; set; }

    [Input(Description = "The input to send to the workflow.", UIHint = "json-editor", Order = 2)]
    public JsonObject? Input { get; set; }

    [Input(DisplayName = "Wait For Completion", Description = "Wait for the child workflow to complete before completing this activity.", UIHint = "checkbox", Order = 3)]
    public bool WaitForCompletion { get; set; }

    [Input(DisplayName = "Task Queue", Description = "The task queue every task activity of the child runs on, under its limits and slots; empty keeps their own.", Order = 4)]
    public string? TaskQueue { get; set; }

    public override ActivityResult Execute(ActivityContext context) =>
        string.IsNullOrWhiteSpace(WorkflowDefinitionId)
            ? ActivityResult.Fault($"{GetType().Name} has no workflow definition id.")
            : ActivityResult.StartChild(new ChildWorkflowRequest(WorkflowDefinitionId, Input, CorrelationId, WaitForCompletion, string.IsNullOrWhiteSpace(TaskQueue) ? null : TaskQueue.Trim()));

    public override ActivityResult Resume(ActivityContext context, JsonNode? payload)
    {
        var child = ChildWorkflowResult.Parse(payload);
        if (child.FaultMessage is { } fault)
        {
            return ActivityResult.Fault(fault);
        }

        Completed(child);
        return ActivityResult.Done();
    }

    /// <summary>Sets the activity's outputs from the child, finished or (without waiting) just started.</summary>
    protected abstract void Completed(ChildWorkflowResult child);
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

[Activity("Elsa", "ExecuteWorkflow", Category = "Composition", DisplayName = "Execute Workflow", Description = "Create a new workflow instance of the specified workflow and execute it.")]
public sealed class ExecuteWorkflow : ChildWorkflowActivity
{
    [Output(Description = "The child's output once it finished; without waiting, its instance id and status.")]
    public JsonNode? Result { get; set; }

    // Elsa hands the child's output on completion; without waiting, what it knows of the started child.
    protected override void Completed(ChildWorkflowResult child) =>
        Result = child.IsFinished
            ? child.Output ?? []
            : new JsonObject { ["workflowInstanceId"] = child.InstanceId, ["status"] = "Running", ["subStatus"] = "Pending", ["output"] = new JsonObject() };
}

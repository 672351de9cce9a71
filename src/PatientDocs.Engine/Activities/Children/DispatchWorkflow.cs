using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

[Activity("Elsa", "DispatchWorkflow", Category = "Composition", DisplayName = "Dispatch Workflow", Description = "Create a new workflow instance of the specified workflow and dispatch it for execution.")]
public sealed class DispatchWorkflow : ChildWorkflowActivity
{
    [Output(Description = "The child's output, when waited for.")]
    public JsonNode? Result { get; set; }

    protected override void Completed(ChildWorkflowResult child) => Result = child.IsFinished ? child.Output ?? [] : null;
}

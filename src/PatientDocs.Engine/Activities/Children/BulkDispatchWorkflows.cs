using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.Children;

/// <summary>
/// Elsa's BulkDispatchWorkflows: one child instance per item, all created in the commit of this burst with ids derived from
/// the parent, the activity's run and the item's index. Waiting, the activity counts its children as they finish and
/// completes with Completed and Done after the last one; a faulted or cancelled child is counted in FaultedCount (Elsa's
/// per-child ChildCompleted and ChildFaulted ports are not offered).
/// </summary>
[Activity("Elsa", "BulkDispatchWorkflows", Category = "Composition", DisplayName = "Bulk Dispatch Workflows", Description = "Create new workflow instances for each item in the data source and dispatch them for execution.", Ports = ["Completed", "Done"])]
public sealed class BulkDispatchWorkflows : ControlActivity
{
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflows to dispatch.", UIHint = "workflow-definition-picker", Order = 0)]
    public string? WorkflowDefinitionId { get; set; }

    [Input(Description = "The items to dispatch: each becomes one child; an object's properties are its input, any other value its input 'Item'.", UIHint = "multiline", DefaultSyntax = "JavaScript", Order = 1)]
    public JsonNode? Items { get; set; }

    [Input(DisplayName = "Default Input", Description = "The input every child gets, under its item's.", UIHint = "json-editor", Order = 2)]
    public JsonObject? DefaultInput { get; set; }

    [Input(DisplayName = "Correlation ID Function", Description = "A JavaScript expression or function body giving each child's correlation ID; it sees 'item' and 'index'.", UIHint = "code-editor", DefaultSyntax = "JavaScript", AutoEvaluate = false, Order = 3)]
    public string? CorrelationIdFunction { get; set; }

    [Input(DisplayName = "Wait For Completion", Description = "Wait for every dispatched workflow to finish before completing.", UIHint = "checkbox", Order = 4)]
    public bool WaitForCompletion { get; set; }

    [Input(DisplayName = "Channel Name", Description = "Accepted for compatibility; children run on the node's workers whatever it says.", Order = 5)]
    public string? ChannelName { get; set; }

    [Input(DisplayName = "Task Queue", Description = "The task queue every task activity of the children runs on, under its limits and slots; empty keeps their own.", Order = 6)]
    public string? TaskQueue { get; set; }

    [Output(DisplayName = "Completed Count", Description = "How many children finished successfully (when waited for).")]
    public long CompletedCount { get; set; }

    [Output(DisplayName = "Faulted Count", Description = "How many children faulted or were cancelled (when waited for).")]
    public long FaultedCount { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(WorkflowDefinitionId))
        {
            return ActivityResult.Fault("BulkDispatchWorkflows has no workflow definition id.");
        }

        var items = Items switch
        {
            null => [],
            JsonArray array => array.ToList(),
            JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[') => JsonNode.Parse(text)!.AsArray().ToList(),
            _ => [Items],
        };
        var correlation = context.RawInput("correlationIdFunction")?["expression"] as JsonObject;
        var children = new List<BulkChild>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var input = (JsonObject?)DefaultInput?.DeepClone() ?? [];
            if (items[i] is JsonObject properties)
            {
                foreach (var (name, value) in properties)
                {
                    input[name] = value?.DeepClone();
                }
            }
            else
            {
                input["Item"] = items[i]?.DeepClone();
            }

            children.Add(new BulkChild(input, CorrelationIdOf(context, correlation, items[i], i)));
        }

        var queue = string.IsNullOrWhiteSpace(TaskQueue) ? null : TaskQueue.Trim();
        return ActivityResult.DispatchChildren(new BulkDispatchRequest(WorkflowDefinitionId, children, WaitForCompletion, queue));
    }

    private static string? CorrelationIdOf(ActivityContext context, JsonObject? expression, JsonNode? item, int index)
    {
        if (expression?["value"] is not JsonValue raw || !raw.TryGetValue<string>(out var code) || string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        if (expression["type"]?.ToString() != "JavaScript")
        {
            return context.Evaluate(expression)?.ToString();
        }

        var body = code.Contains("return", StringComparison.Ordinal) ? code : $"return ({code});";
        var itemJson = item?.ToJsonString() ?? "null";
        return context.RunJavaScript($"(function (item, index) {{ {body} }})({itemJson}, {index})")?.ToString();
    }
}

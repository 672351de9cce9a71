using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "Event", Category = "Primitives", Description = "Waits for a named event (optionally correlated) and outputs its payload.", Kind = ActivityKind.Trigger)]
public sealed class Event : ControlActivity
{
    /// <summary>The workflow input under which an instance this event started receives the event's payload.</summary>
    public const string PayloadInputKey = "EventPayload";

    [Input(DisplayName = "Event Name")]
    public string? EventName { get; set; }

    [Output(Description = "The payload the event was published with.")]
    public JsonNode? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (context.IsTriggerOfWorkflow)
        {
            Result = context.WorkflowInput[PayloadInputKey]?.DeepClone();
            return ActivityResult.Done();
        }

        return string.IsNullOrEmpty(EventName)
            ? ActivityResult.Fault("Event has no event name.")
            : ActivityResult.Suspend(BookmarkKind.Event, EventName, context.CorrelationId);
    }

    public override ActivityResult Resume(ActivityContext context, JsonNode? payload)
    {
        Result = payload?.DeepClone();
        return ActivityResult.Done();
    }
}

using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "PublishEvent", Category = "Primitives", DisplayName = "Publish Event", Description = "Publishes an event: it resumes the Event activities waiting for it and starts workflows an Event of that name triggers.")]
public sealed class PublishEvent : ControlActivity
{
    [Input(DisplayName = "Event Name", Description = "The name of the event to publish.", Order = 0)]
    public string? EventName { get; set; }

    [Input(DisplayName = "Correlation Id", Description = "The correlation ID to scope the event to.", Order = 1)]
    public string? CorrelationId { get; set; }

    [Input(DisplayName = "Local event", Description = "Whether the event is local to the workflow. When checked, the event will be delivered to this workflow instance only.", UIHint = "checkbox", Order = 2)]
    public bool IsLocalEvent { get; set; }

    [Input(Description = "The payload to send as the event body.", UIHint = "json-editor", Order = 3)]
    public JsonNode? Payload { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(EventName))
        {
            return ActivityResult.Fault("PublishEvent has no event name.");
        }

        context.PublishEvent(new PublishedEvent(EventName, string.IsNullOrWhiteSpace(CorrelationId) ? null : CorrelationId, IsLocalEvent, Payload?.DeepClone()));
        return ActivityResult.Done();
    }
}

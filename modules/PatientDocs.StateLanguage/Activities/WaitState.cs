using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Activities;

/// <summary>
/// A Wait state: a durable timer for <c>seconds</c> (divided by TimeScale) or until <c>timestamp</c> (wall-clock, not
/// scaled), or an event bookmark named <c>event</c>, correlated by the execution's id, whose payload object is merged into
/// the data when <c>POST /workflow-executions/{id}/events/{event}</c> resumes it.
/// </summary>
[Activity(StateLanguageModule.Namespace, "Wait", Category = StateLanguageModule.Category, DisplayName = "Wait",
    Description = "A state-language Wait: for seconds, until a timestamp, or for an event.", IsBrowsable = false)]
public sealed class WaitState : ControlActivity
{
    [Input(Description = "The execution's data.", UIHint = "json-editor")]
    public JsonNode? Data { get; set; }

    [Input(Description = "Seconds to wait (before TimeScale).")]
    public double? Seconds { get; set; }

    [Input(Description = "ISO-8601 time to wait until (not scaled).")]
    public string? Timestamp { get; set; }

    [Input(Description = "The event to wait for.")]
    public string? EventName { get; set; }

    [Output(Description = "The execution's data after this step (an event's payload merged in).")]
    public JsonObject? Result { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (!string.IsNullOrEmpty(EventName))
        {
            return ActivityResult.Suspend(BookmarkKind.Event, EventName, context.InstanceId);
        }

        var due = IsoTimestamp.TryParse(Timestamp, out var at)
            ? at
            : context.Now + (TimeSpan.FromSeconds(Seconds ?? 0) / context.TimeScale);
        if (due <= context.Now)
        {
            Result = ExecutionData.Of(Data);
            return ActivityResult.Done();
        }

        return ActivityResult.Suspend(BookmarkKind.Timer, "StateLanguage.Wait", dueAt: due);
    }

    public override ActivityResult Resume(ActivityContext context, JsonNode? payload)
    {
        Result = ExecutionData.Merge(Data, string.IsNullOrEmpty(EventName) ? null : payload as JsonObject);
        return ActivityResult.Done();
    }
}

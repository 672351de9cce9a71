using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// Which journal records are stream events, and which. The root container's records (no activity execution) are the
/// workflow's; an activity's Suspended and Resumed are not events (one start and one end per execution), nor are records
/// such as JournalTruncated.
/// </summary>
public static class ProgressMapper
{
    public static ProgressEvent? Map(JournalRecord record, string definitionId)
    {
        var type = TypeOf(record);
        if (type is null)
        {
            return null;
        }

        var activity = type.StartsWith("activity-", StringComparison.Ordinal);
        return new ProgressEvent
        {
            Type = type,
            Position = record.Position,
            InstanceId = record.InstanceId,
            DefinitionId = definitionId,
            At = record.Timestamp,
            ActivityId = activity ? record.ActivityId : null,
            ActivityType = activity ? record.ActivityType : null,
            ActivityName = activity ? (string.IsNullOrEmpty(record.ActivityName) ? record.ActivityId : record.ActivityName) : null,
            Status = activity && record.EventName == "Cancelled" ? "Cancelled" : null,
            Message = type is ProgressEventTypes.ActivityFaulted or ProgressEventTypes.ActivityRetrying or ProgressEventTypes.WorkflowFaulted ? record.Message : null,
        };
    }

    /// <summary>The stream event type of a record, or null when the record is not an event.</summary>
    public static string? TypeOf(JournalRecord record) => record.EventName switch
    {
        JournalEvents.WorkflowResumed => ProgressEventTypes.WorkflowResumed,
        JournalEvents.WorkflowSuspended => ProgressEventTypes.WorkflowSuspended,
        JournalEvents.WorkflowFaulted => ProgressEventTypes.WorkflowFaulted,
        JournalEvents.Retrying => ProgressEventTypes.ActivityRetrying,
        _ when record.ActivityInstanceId is null => record.EventName switch
        {
            "Started" => ProgressEventTypes.WorkflowStarted,
            "Completed" => ProgressEventTypes.WorkflowFinished,
            "Cancelled" => ProgressEventTypes.WorkflowCancelled,
            "Faulted" => ProgressEventTypes.WorkflowFaulted,
            _ => null,
        },
        "Started" => ProgressEventTypes.ActivityStarted,
        "Completed" or "Cancelled" => ProgressEventTypes.ActivityCompleted,
        "Faulted" => ProgressEventTypes.ActivityFaulted,
        _ => null,
    };
}

namespace PatientDocs.Engine.Storage;

/// <summary>How a store completes a task's journal record (<see cref="TaskCompletion.Journal"/>) from its activity's latest one.</summary>
public static class TaskJournal
{
    public static JournalRecord Complete(JournalRecord record, JournalRecord? latest) => latest is null ? record : record with
    {
        ActivityInstanceId = record.ActivityInstanceId ?? latest.ActivityInstanceId,
        ParentActivityInstanceId = record.ParentActivityInstanceId ?? latest.ParentActivityInstanceId,
        ActivityName = record.ActivityName ?? latest.ActivityName,
        ActivityType = record.ActivityType.Length > 0 ? record.ActivityType : latest.ActivityType,
        NodeId = record.NodeId.Length > 0 ? record.NodeId : latest.NodeId,
        Sequence = latest.Sequence,
    };
}

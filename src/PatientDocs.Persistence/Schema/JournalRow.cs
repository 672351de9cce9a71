namespace PatientDocs.Persistence.Schema;

public sealed class JournalRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string? ActivityInstanceId { get; set; }
    public string? ParentActivityInstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public string NodeId { get; set; } = "";
    public DateTimeOffset Timestamp { get; set; }
    public long Sequence { get; set; }
    public string EventName { get; set; } = "";
    public string? Message { get; set; }
    public string? Source { get; set; }
    public string? Payload { get; set; }

    /// <summary>Assigned by the database on insert (identity / autoincrement): the record's global position.</summary>
    public long Position { get; set; }
}

namespace PatientDocs.Persistence.Schema;

/// <summary>One line of the shared activity log (the table twin of the CSV file); <see cref="Id"/> is generated.</summary>
public sealed class ActivityLogRow
{
    public long Id { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string Phase { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string? ActivityName { get; set; }
    public string Arguments { get; set; } = "";
    public string? Result { get; set; }
}

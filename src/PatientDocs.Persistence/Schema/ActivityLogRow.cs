namespace PatientDocs.Persistence.Schema;

/// <summary>
/// One line of the activity log (the CSV file is copied from these rows). <see cref="Id"/> is generated on insert, in the
/// burst's transaction; <see cref="Sequence"/> is assigned after the commit, densely, and orders the CSV.
/// </summary>
public sealed class ActivityLogRow
{
    public long Id { get; set; }
    public long? Sequence { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string Phase { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string? ActivityExecutionId { get; set; }
    public string ActivityType { get; set; } = "";
    public string? ActivityName { get; set; }
    public string Arguments { get; set; } = "";
    public string? Result { get; set; }
}

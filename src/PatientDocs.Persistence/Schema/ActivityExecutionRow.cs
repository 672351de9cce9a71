using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Schema;

public sealed class ActivityExecutionRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityNodeId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public bool HasBookmarks { get; set; }
    public ActivityExecutionStatus Status { get; set; }
    public string? ActivityState { get; set; }
    public string? Outputs { get; set; }
    public string? Payload { get; set; }
    public string? Exception { get; set; }
}

using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Schema;

public sealed class TaskRow
{
    public string Id { get; set; } = "";
    public string Queue { get; set; } = "";
    public string Handler { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string? BookmarkId { get; set; }
    public string? GroupId { get; set; }
    public int Priority { get; set; }
    public long Weight { get; set; }
    public long Units { get; set; } = 1;
    public TaskState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NotBefore { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset? PermitGrantedAt { get; set; }
    public string Input { get; set; } = "";
    public string? Result { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

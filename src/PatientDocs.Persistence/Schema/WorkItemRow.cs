using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Schema;

public sealed class WorkItemRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public WorkItemKind Kind { get; set; }
    public string? BookmarkId { get; set; }
    public string? Payload { get; set; }
    public DateTimeOffset AvailableAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

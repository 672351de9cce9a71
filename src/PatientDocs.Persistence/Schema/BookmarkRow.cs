using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Schema;

public sealed class BookmarkRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string? ActivityNodeId { get; set; }
    public BookmarkKind Kind { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

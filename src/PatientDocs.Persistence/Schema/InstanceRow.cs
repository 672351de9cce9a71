using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Schema;

public sealed class InstanceRow
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int Version { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public string? ParentInstanceId { get; set; }
    public string? ParentBookmarkId { get; set; }
    public WorkflowStatus Status { get; set; }
    public WorkflowSubStatus SubStatus { get; set; }
    public int IncidentCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string State { get; set; } = "";
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

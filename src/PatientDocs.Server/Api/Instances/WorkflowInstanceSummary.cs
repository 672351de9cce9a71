using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Instances;

/// <summary>A row of Studio's instance list.</summary>
public sealed record WorkflowInstanceSummary(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    string? CorrelationId,
    string? ParentWorkflowInstanceId,
    string? Name,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt)
{
    public static WorkflowInstanceSummary From(InstanceRecord i) =>
        new(i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, i.Status, i.SubStatus, i.CorrelationId, i.ParentInstanceId, i.Name, i.IncidentCount, i.CreatedAt, i.UpdatedAt, i.FinishedAt);
}

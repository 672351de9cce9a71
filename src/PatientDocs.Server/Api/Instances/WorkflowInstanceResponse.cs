using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Instances;

/// <summary><c>GET /workflow-instances/{id}</c>: the summary fields plus Elsa's <c>workflowState</c>.</summary>
public sealed record WorkflowInstanceResponse(
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
    bool IsSystem,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    JsonObject WorkflowState);

using PatientDocs.Engine.Storage;
namespace PatientDocs.Server.Api.Viewer;

/// <summary>Answer of <c>GET /workflow-instances/{id}/execution-state</c>, polled while the instance runs.</summary>
public sealed record ExecutionStateModel(string Status, string WorkflowSubStatus, DateTimeOffset UpdatedAt);

using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Instances;

/// <summary>Builds the <c>GET /workflow-instances/{id}</c> shape, also returned by execute.</summary>
public static class InstanceResponses
{
    public static async Task<WorkflowInstanceResponse> BuildAsync(IWorkflowStore store, InstanceRecord instance, CancellationToken cancellationToken)
    {
        var bookmarks = await store.ListBookmarksAsync(instance.Id, cancellationToken);
        return new WorkflowInstanceResponse(
            instance.Id,
            instance.DefinitionId,
            instance.DefinitionVersionId,
            instance.Version,
            instance.Status,
            instance.SubStatus,
            instance.CorrelationId,
            instance.ParentInstanceId,
            instance.Name,
            instance.IncidentCount,
            false,
            instance.CreatedAt,
            instance.UpdatedAt,
            instance.FinishedAt,
            WorkflowStateJson.Build(instance, bookmarks));
    }
}

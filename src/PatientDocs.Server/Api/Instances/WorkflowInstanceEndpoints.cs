using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Instances;

/// <summary>Elsa's <c>/workflow-instances</c> API: list (a POST with a filter body), read, delete.</summary>
public static class WorkflowInstanceEndpoints
{
    private const int MaxPageSize = 1000;

    public static RouteGroupBuilder MapWorkflowInstanceEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", ListAsync);
        api.MapGet("/workflow-instances/{id}", GetAsync);
        api.MapDelete("/workflow-instances/{id}", DeleteAsync);
        api.MapPost("/cancel/workflow-instances/{id}", CancelAsync);
        api.MapPost("/workflow-instances/{id}/retry", RetryAsync);
        return api;
    }

    private static async Task<Results<Ok<PagedListResponse<WorkflowInstanceSummary>>, ValidationProblem>> ListAsync(
        IWorkflowStore store, ListWorkflowInstancesRequest? request, CancellationToken cancellationToken)
    {
        request ??= new ListWorkflowInstancesRequest();
        if (request.Page is < 0)
        {
            return ApiProblems.Invalid("page", "Page must be 0 or more.");
        }

        if (request.PageSize is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("pageSize", $"PageSize must be between 1 and {MaxPageSize}.");
        }

        if (!TryParseAll<WorkflowStatus>(request.Status, request.Statuses, out var statuses, out var badStatus))
        {
            return ApiProblems.Invalid(badStatus, "Status must be Running or Finished.");
        }

        if (!TryParseAll<WorkflowSubStatus>(request.SubStatus, request.SubStatuses, out var subStatuses, out var badSubStatus))
        {
            return ApiProblems.Invalid(badSubStatus, "SubStatus must be Pending, Executing, Suspended, Finished, Cancelled or Faulted.");
        }

        if (!TryOrderBy(request.OrderBy, out var orderBy))
        {
            return ApiProblems.Invalid("orderBy", "OrderBy must be Created, UpdatedAt, Finished or LastExecuted.");
        }

        var descending = true;
        if (request.OrderDirection is { Length: > 0 } direction)
        {
            if (!direction.Equals("Ascending", StringComparison.OrdinalIgnoreCase) && !direction.Equals("Descending", StringComparison.OrdinalIgnoreCase))
            {
                return ApiProblems.Invalid("orderDirection", "OrderDirection must be Ascending or Descending.");
            }

            descending = direction.Equals("Descending", StringComparison.OrdinalIgnoreCase);
        }

        var definitionIds = (request.DefinitionIds ?? []).Append(request.DefinitionId).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!).Distinct().ToList();
        var query = new InstanceQuery
        {
            SearchTerm = string.IsNullOrWhiteSpace(request.SearchTerm) ? null : request.SearchTerm.Trim(),
            DefinitionIds = definitionIds.Count > 0 ? definitionIds : null,
            CorrelationId = string.IsNullOrWhiteSpace(request.CorrelationId) ? null : request.CorrelationId,
            Version = request.Version,
            HasIncidents = request.HasIncidents,
            Statuses = statuses,
            SubStatuses = subStatuses,
            OrderBy = orderBy,
            Descending = descending,
            Page = request.Page ?? 0,
            PageSize = request.PageSize ?? 50,
        };
        var result = await store.ListInstancesAsync(query, cancellationToken);
        return TypedResults.Ok(new PagedListResponse<WorkflowInstanceSummary>(result.Items.Select(WorkflowInstanceSummary.From).ToList(), result.TotalCount));
    }

    private static async Task<Results<Ok<WorkflowInstanceResponse>, ProblemHttpResult>> GetAsync(IWorkflowStore store, string id, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("Workflow instance", id);
        }

        return TypedResults.Ok(await InstanceResponses.BuildAsync(store, instance, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(IWorkflowStore store, string id, CancellationToken cancellationToken) =>
        await store.DeleteInstanceAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound("Workflow instance", id);

    private static async Task<Results<Ok, ProblemHttpResult, ValidationProblem>> CancelAsync(
        IWorkflowStore store, WorkflowRuntime runtime, string id, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("Workflow instance", id);
        }

        return await runtime.CancelAsync(id, cancellationToken)
            ? TypedResults.Ok()
            : ApiProblems.Invalid("id", $"Workflow instance '{id}' has already finished ({instance.SubStatus}).");
    }

    /// <summary>200 once a retry is queued; 409 when there is nothing to retry, so an operator never gets a 200 that does nothing.</summary>
    private static async Task<Results<Ok, ProblemHttpResult>> RetryAsync(
        IWorkflowStore store, WorkflowRuntime runtime, string id, CancellationToken cancellationToken)
    {
        if (await runtime.RetryAsync(id, cancellationToken))
        {
            return TypedResults.Ok();
        }

        var instance = await store.FindInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("Workflow instance", id);
        }

        var reason = instance.Status == WorkflowStatus.Finished ? $"it has finished ({instance.SubStatus})"
            : instance.IncidentCount == 0 ? "it has no incident"
            : "a retry is already pending";
        return ApiProblems.Conflict("Nothing to retry.", $"Workflow instance '{id}' cannot be retried: {reason}.");
    }

    private static bool TryParseAll<TEnum>(string? single, IReadOnlyList<string>? many, out IReadOnlyList<TEnum>? values, out string badField)
        where TEnum : struct, Enum
    {
        var list = new List<TEnum>();
        values = null;
        var name = typeof(TEnum) == typeof(WorkflowStatus) ? "status" : "subStatus";
        badField = name;
        if (!string.IsNullOrWhiteSpace(single))
        {
            if (!Enum.TryParse<TEnum>(single, true, out var value) || !Enum.IsDefined(value))
            {
                return false;
            }

            list.Add(value);
        }

        foreach (var text in many ?? [])
        {
            badField = name + "es";
            if (!Enum.TryParse<TEnum>(text, true, out var value) || !Enum.IsDefined(value))
            {
                return false;
            }

            list.Add(value);
        }

        values = list.Count > 0 ? list.Distinct().ToList() : null;
        return true;
    }

    private static bool TryOrderBy(string? text, out string orderBy)
    {
        orderBy = "CreatedAt";
        switch (text?.Trim().ToUpperInvariant())
        {
            case null or "" or "CREATED" or "CREATEDAT":
                return true;
            case "UPDATEDAT" or "UPDATED" or "LASTEXECUTED":
                orderBy = "UpdatedAt";
                return true;
            case "FINISHED" or "FINISHEDAT":
                orderBy = "FinishedAt";
                return true;
            default:
                return false;
        }
    }
}

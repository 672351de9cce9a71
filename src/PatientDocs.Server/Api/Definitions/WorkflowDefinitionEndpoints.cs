using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Server.Definitions;

namespace PatientDocs.Server.Api.Definitions;

/// <summary>Elsa's <c>/workflow-definitions</c> API: list, read, save with draft/published versioning, publish, retract, delete.</summary>
public static class WorkflowDefinitionEndpoints
{
    private const int MaxPageSize = 1000;

    private static readonly Link[] ListLinks =
    [
        new("/workflow-definitions", "create", "POST"),
        new("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
        new("/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
        new("/bulk-actions/delete/workflow-definitions/by-definition-id", "bulk-delete-by-definition-id", "POST"),
        new("/workflow-definitions/import", "import", "POST"),
    ];

    public static RouteGroupBuilder MapWorkflowDefinitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", ListAsync);
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", GetByDefinitionIdAsync);
        api.MapGet("/workflow-definitions/by-id/{id}", GetByIdAsync);
        api.MapGet("/workflow-definitions/{definitionId}/versions", ListVersionsAsync);
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUniqueAsync);
        api.MapPost("/workflow-definitions", SaveAsync);
        api.MapPost("/workflow-definitions/import", ImportAsync);
        api.MapPost("/workflow-definitions/{definitionId}/publish", PublishAsync);
        api.MapPost("/workflow-definitions/{definitionId}/retract", RetractAsync);
        api.MapDelete("/workflow-definitions/{definitionId}", DeleteAsync);
        api.MapDelete("/workflow-definition-versions/{id}", DeleteVersionAsync);
        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublishAsync);
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetractAsync);
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", BulkDeleteAsync);
        return api;
    }

    private static async Task<Results<Ok<PagedListResponse<WorkflowDefinitionSummary>>, ValidationProblem>> ListAsync(
        IWorkflowStore store,
        string? versionOptions,
        int? page,
        int? pageSize,
        string? searchTerm,
        string[]? definitionIds,
        string[]? ids,
        string? orderBy,
        string? orderDirection,
        CancellationToken cancellationToken)
    {
        if (!VersionOptions.TryParse(versionOptions, out var options))
        {
            return ApiProblems.Invalid("versionOptions", $"'{versionOptions}' is not Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number.");
        }

        if (page is < 0)
        {
            return ApiProblems.Invalid("page", "Page must be 0 or more.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("pageSize", $"PageSize must be between 1 and {MaxPageSize}.");
        }

        if (orderDirection is { Length: > 0 } && !orderDirection.Equals("Ascending", StringComparison.OrdinalIgnoreCase) && !orderDirection.Equals("Descending", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Invalid("orderDirection", "OrderDirection must be Ascending or Descending.");
        }

        var result = await store.ListDefinitionsAsync(
            new DefinitionQuery
            {
                VersionOptions = options,
                Page = page ?? 0,
                PageSize = pageSize ?? 100,
                SearchTerm = string.IsNullOrWhiteSpace(searchTerm) ? null : searchTerm,
                DefinitionIds = NonEmpty(definitionIds),
                Ids = NonEmpty(ids),
            },
            cancellationToken);
        var items = result.Items.Select(WorkflowDefinitionSummary.From).ToList();
        return TypedResults.Ok(new PagedListResponse<WorkflowDefinitionSummary>(items, result.TotalCount, ListLinks));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult, ValidationProblem>> GetByDefinitionIdAsync(
        IWorkflowStore store, string definitionId, string? versionOptions, CancellationToken cancellationToken)
    {
        var options = VersionOptions.Latest;
        if (!string.IsNullOrWhiteSpace(versionOptions) && !VersionOptions.TryParse(versionOptions, out options))
        {
            return ApiProblems.Invalid("versionOptions", $"'{versionOptions}' is not a version option.");
        }

        var definition = await store.FindDefinitionAsync(definitionId, options, cancellationToken);
        return definition is null ? ApiProblems.NotFound("Workflow definition", definitionId) : TypedResults.Ok(DefinitionJson.WithLinks(definition));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetByIdAsync(IWorkflowStore store, string id, CancellationToken cancellationToken)
    {
        var definition = await store.FindDefinitionVersionAsync(id, cancellationToken);
        return definition is null ? ApiProblems.NotFound("Workflow definition version", id) : TypedResults.Ok(DefinitionJson.WithLinks(definition));
    }

    private static async Task<Results<Ok<PagedListResponse<WorkflowDefinitionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        WorkflowDefinitionManager manager, string definitionId, CancellationToken cancellationToken)
    {
        var versions = await manager.AllVersionsAsync(definitionId, cancellationToken);
        if (versions.Count == 0)
        {
            return ApiProblems.NotFound("Workflow definition", definitionId);
        }

        var items = versions.OrderByDescending(v => v.Version).Select(WorkflowDefinitionSummary.From).ToList();
        return TypedResults.Ok(new PagedListResponse<WorkflowDefinitionSummary>(items, items.Count));
    }

    // Studio's Create dialog proposes "Workflow N" and checks each name typed; a name is taken by another definition's latest version.
    private static async Task<Results<Ok<NameUniquenessResponse>, ValidationProblem>> IsNameUniqueAsync(
        IWorkflowStore store, string? name, string? definitionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return ApiProblems.Invalid("name", "The name is required.");
        }

        var matches = await store.ListDefinitionsAsync(
            new DefinitionQuery { VersionOptions = VersionOptions.Latest, Page = 0, PageSize = MaxPageSize, SearchTerm = name.Trim() },
            cancellationToken);
        var taken = matches.Items.Any(d => d.DefinitionId != definitionId && string.Equals(d.Name?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok(new NameUniquenessResponse(!taken));
    }

    private static async Task<Results<Ok<SaveWorkflowDefinitionResponse>, ValidationProblem>> SaveAsync(
        WorkflowDefinitionManager manager, SaveWorkflowDefinitionRequest request, CancellationToken cancellationToken)
    {
        if (request.Model is null)
        {
            return ApiProblems.Invalid("model", "The model is required.");
        }

        if (request.Model["root"] is { } root && root is not JsonObject)
        {
            return ApiProblems.Invalid("model.root", "The root must be an activity object.");
        }

        if (!WorkflowTimeout.TryRead(WorkflowTimeout.Of(request.Model), out _, out var timeoutError))
        {
            return ApiProblems.Invalid("model." + WorkflowTimeout.Field, timeoutError!);
        }

        var outcome = await manager.SaveAsync(request.Model, request.Publish ?? false, cancellationToken);
        return ToResponse(outcome);
    }

    private static Task<Results<Ok<SaveWorkflowDefinitionResponse>, ValidationProblem>> ImportAsync(
        WorkflowDefinitionManager manager, JsonObject? model, CancellationToken cancellationToken) =>
        SaveAsync(manager, new SaveWorkflowDefinitionRequest(model, false), cancellationToken);

    private static async Task<Results<Ok<SaveWorkflowDefinitionResponse>, ProblemHttpResult, ValidationProblem>> PublishAsync(
        WorkflowDefinitionManager manager, string definitionId, CancellationToken cancellationToken)
    {
        var outcome = await manager.PublishAsync(definitionId, cancellationToken);
        if (outcome is null)
        {
            return ApiProblems.NotFound("Workflow definition", definitionId);
        }

        return outcome.IsValid
            ? TypedResults.Ok(new SaveWorkflowDefinitionResponse(DefinitionJson.WithLinks(outcome.Definition!), outcome.AlreadyPublished, 0))
            : ApiProblems.Invalid(outcome.Errors!, "The workflow is not valid.");
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult, ValidationProblem>> RetractAsync(
        IWorkflowStore store, WorkflowDefinitionManager manager, string definitionId, CancellationToken cancellationToken)
    {
        if (await store.FindDefinitionAsync(definitionId, VersionOptions.AllVersions, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Workflow definition", definitionId);
        }

        var retracted = await manager.RetractAsync(definitionId, cancellationToken);
        return retracted is null
            ? ApiProblems.Invalid("definitionId", $"Workflow definition '{definitionId}' has no published version.")
            : TypedResults.Ok(DefinitionJson.WithLinks(retracted));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(IWorkflowStore store, DefinitionVersionCache runningVersions, string definitionId, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteDefinitionAsync(definitionId, cancellationToken);
        runningVersions.ForgetDefinition(definitionId);
        return deleted > 0 ? TypedResults.NoContent() : ApiProblems.NotFound("Workflow definition", definitionId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteVersionAsync(WorkflowDefinitionManager manager, string id, CancellationToken cancellationToken) =>
        await manager.DeleteVersionAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("Workflow definition version", id);

    private static async Task<Results<Ok<BulkPublishResponse>, ValidationProblem>> BulkPublishAsync(
        WorkflowDefinitionManager manager, BulkDefinitionIdsRequest request, CancellationToken cancellationToken)
    {
        if (request.DefinitionIds is not { Count: > 0 } ids)
        {
            return ApiProblems.Invalid("definitionIds", "At least one definition id is required.");
        }

        var response = new BulkPublishResponse([], [], [], []);
        foreach (var id in ids.Distinct())
        {
            var outcome = await manager.PublishAsync(id, cancellationToken);
            var bucket = outcome switch
            {
                null => response.NotFound,
                { IsValid: false } => response.NotPublishable,
                { AlreadyPublished: true } => response.AlreadyPublished,
                _ => response.Published,
            };
            bucket.Add(id);
        }

        return TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<BulkRetractResponse>, ValidationProblem>> BulkRetractAsync(
        WorkflowDefinitionManager manager, BulkDefinitionIdsRequest request, CancellationToken cancellationToken)
    {
        if (request.DefinitionIds is not { Count: > 0 } ids)
        {
            return ApiProblems.Invalid("definitionIds", "At least one definition id is required.");
        }

        var response = new BulkRetractResponse([], [], []);
        foreach (var id in ids.Distinct())
        {
            var retracted = await manager.RetractAsync(id, cancellationToken);
            (retracted is null ? response.NotPublished : response.Retracted).Add(id);
        }

        return TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<BulkDeleteResponse>, ValidationProblem>> BulkDeleteAsync(
        IWorkflowStore store, DefinitionVersionCache runningVersions, BulkDefinitionIdsRequest request, CancellationToken cancellationToken)
    {
        if (request.DefinitionIds is not { Count: > 0 } ids)
        {
            return ApiProblems.Invalid("definitionIds", "At least one definition id is required.");
        }

        long deleted = 0;
        foreach (var id in ids.Distinct())
        {
            deleted += await store.DeleteDefinitionAsync(id, cancellationToken);
            runningVersions.ForgetDefinition(id);
        }

        return TypedResults.Ok(new BulkDeleteResponse(deleted));
    }

    private static Results<Ok<SaveWorkflowDefinitionResponse>, ValidationProblem> ToResponse(SaveOutcome outcome) =>
        outcome.IsValid
            ? TypedResults.Ok(new SaveWorkflowDefinitionResponse(DefinitionJson.WithLinks(outcome.Definition!), outcome.AlreadyPublished, 0))
            : ApiProblems.Invalid(outcome.Errors!, "The workflow is not valid.");

    private static string[]? NonEmpty(string[]? values)
    {
        var list = values?.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        return list is { Length: > 0 } ? list : null;
    }
}

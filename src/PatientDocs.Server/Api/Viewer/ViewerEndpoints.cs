using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>What Studio's instance viewer reads besides the instance itself: journal, variables, executions, badges, polling.</summary>
public static class ViewerEndpoints
{
    private const int DefaultTake = 100;
    private const int MaxTake = 1000;

    public static RouteGroupBuilder MapViewerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-instances/{id}/journal", GetJournalAsync);
        api.MapPost("/workflow-instances/{id}/journal", PostJournalAsync);
        api.MapGet("/workflow-instances/{id}/variables", GetVariablesAsync);
        api.MapGet("/workflow-instances/{id}/execution-state", GetExecutionStateAsync);
        api.MapGet("/activity-executions/list", ListExecutionsAsync);
        api.MapGet("/activity-execution-summaries/list", ListSummariesAsync);
        api.MapGet("/activity-executions/by-id", GetExecutionAsync);
        api.MapPost("/activity-executions/report", ReportAsync);
        api.MapGet("/activity-executions/{id}/call-stack", GetCallStackAsync);
        return api;
    }

    private static Task<Results<Ok<PagedListResponse<JournalEntryModel>>, ProblemHttpResult, ValidationProblem>> GetJournalAsync(
        IWorkflowStore store, string id, int? skip, int? take, CancellationToken cancellationToken) =>
        JournalAsync(store, id, null, skip, take, cancellationToken);

    private static Task<Results<Ok<PagedListResponse<JournalEntryModel>>, ProblemHttpResult, ValidationProblem>> PostJournalAsync(
        IWorkflowStore store, string id, int? skip, int? take, JournalRequest? request, CancellationToken cancellationToken) =>
        JournalAsync(store, id, request?.Filter, skip, take, cancellationToken);

    private static async Task<Results<Ok<PagedListResponse<JournalEntryModel>>, ProblemHttpResult, ValidationProblem>> JournalAsync(
        IWorkflowStore store, string id, JournalFilterModel? filter, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (skip is < 0)
        {
            return ApiProblems.Invalid("skip", "Skip must be 0 or more.");
        }

        if (take is < 0 or > MaxTake)
        {
            return ApiProblems.Invalid("take", $"Take must be between 0 and {MaxTake}.");
        }

        if (await store.FindInstanceAsync(id, cancellationToken) is null)
        {
            return InstanceNotFound(id);
        }

        // The records kept for the progress streams are not Elsa's: Studio's journal shows what it always showed.
        var journal = (filter?.ToFilter() ?? new JournalFilter()) with { ExcludedEventNames = JournalEvents.NotInElsaJournal };
        var page = await store.ListJournalAsync(id, journal, skip ?? 0, take ?? DefaultTake, cancellationToken);
        return TypedResults.Ok(new PagedListResponse<JournalEntryModel>(page.Items.Select(JournalEntryModel.From).ToList(), page.TotalCount));
    }

    private static async Task<Results<Ok<ListResponse<ResolvedVariableModel>>, ProblemHttpResult>> GetVariablesAsync(
        IWorkflowStore store, string id, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return InstanceNotFound(id);
        }

        var definition = await store.FindDefinitionVersionAsync(instance.DefinitionVersionId, cancellationToken);
        var variables = InstanceVariables.Resolve(instance, definition);
        return TypedResults.Ok(new ListResponse<ResolvedVariableModel>(variables, variables.Count));
    }

    private static async Task<Results<Ok<ExecutionStateModel>, ProblemHttpResult>> GetExecutionStateAsync(
        IWorkflowStore store, string id, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(id, cancellationToken);
        return instance is null
            ? InstanceNotFound(id)
            : TypedResults.Ok(new ExecutionStateModel(instance.Status.ToString(), instance.SubStatus.ToString(), instance.UpdatedAt));
    }

    private static async Task<Results<Ok<ListResponse<ActivityExecutionModel>>, ValidationProblem>> ListExecutionsAsync(
        IWorkflowStore store,
        [FromQuery(Name = "WorkflowInstanceId")] string? workflowInstanceId,
        [FromQuery(Name = "ActivityNodeId")] string? activityNodeId,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workflowInstanceId))
        {
            return ApiProblems.Invalid("WorkflowInstanceId", "WorkflowInstanceId is required.");
        }

        var records = await ListRecordsAsync(store, workflowInstanceId, activityNodeId, cancellationToken);
        return TypedResults.Ok(new ListResponse<ActivityExecutionModel>(records.Select(ActivityExecutionModel.From).ToList(), records.Count));
    }

    private static async Task<Results<Ok<ListResponse<ActivityExecutionSummaryModel>>, ValidationProblem>> ListSummariesAsync(
        IWorkflowStore store,
        [FromQuery(Name = "WorkflowInstanceId")] string? workflowInstanceId,
        [FromQuery(Name = "ActivityNodeId")] string? activityNodeId,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workflowInstanceId))
        {
            return ApiProblems.Invalid("WorkflowInstanceId", "WorkflowInstanceId is required.");
        }

        var records = await ListRecordsAsync(store, workflowInstanceId, activityNodeId, cancellationToken);
        return TypedResults.Ok(new ListResponse<ActivityExecutionSummaryModel>(records.Select(ActivityExecutionSummaryModel.From).ToList(), records.Count));
    }

    private static async Task<Results<Ok<ActivityExecutionModel>, ProblemHttpResult, ValidationProblem>> GetExecutionAsync(
        IWorkflowStore store, [FromQuery(Name = "id")] string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return ApiProblems.Invalid("id", "The activity execution id is required.");
        }

        var record = await store.FindActivityExecutionAsync(id, cancellationToken);
        return record is null ? ExecutionNotFound(id) : TypedResults.Ok(ActivityExecutionModel.From(record));
    }

    private static async Task<Results<Ok<ActivityExecutionReport>, ProblemHttpResult, ValidationProblem>> ReportAsync(
        IWorkflowStore store, ActivityExecutionReportRequest? request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.WorkflowInstanceId))
        {
            return ApiProblems.Invalid("workflowInstanceId", "workflowInstanceId is required.");
        }

        if (await store.FindInstanceAsync(request.WorkflowInstanceId, cancellationToken) is null)
        {
            return InstanceNotFound(request.WorkflowInstanceId);
        }

        var wanted = request.ActivityNodeIds is null ? null : new HashSet<string>(request.ActivityNodeIds, StringComparer.Ordinal);
        var records = await store.ListActivityExecutionsAsync(request.WorkflowInstanceId, null, cancellationToken);
        var stats = records
            .Where(r => wanted is null || wanted.Contains(r.ActivityNodeId))
            .GroupBy(r => r.ActivityNodeId, StringComparer.Ordinal)
            .Select(g => ActivityExecutionStatsModel.From(g.Key, g.ToList()))
            .ToList();
        return TypedResults.Ok(new ActivityExecutionReport(stats));
    }

    private static async Task<Results<Ok<CallStackModel>, ProblemHttpResult>> GetCallStackAsync(
        IWorkflowStore store, string id, CancellationToken cancellationToken)
    {
        var record = await store.FindActivityExecutionAsync(id, cancellationToken);
        return record is null
            ? ExecutionNotFound(id)
            : TypedResults.Ok(new CallStackModel(record.Id, [ActivityExecutionModel.From(record)], 1));
    }

    private static async Task<IReadOnlyList<ActivityExecutionRecord>> ListRecordsAsync(
        IWorkflowStore store, string workflowInstanceId, string? activityNodeId, CancellationToken cancellationToken) =>
        await store.ListActivityExecutionsAsync(workflowInstanceId, string.IsNullOrWhiteSpace(activityNodeId) ? null : activityNodeId, cancellationToken);

    private static ProblemHttpResult InstanceNotFound(string id) => ApiProblems.NotFound("Workflow instance", id);

    private static ProblemHttpResult ExecutionNotFound(string id) => ApiProblems.NotFound("Activity execution", id);
}

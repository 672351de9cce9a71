using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Server.Api.Instances;

namespace PatientDocs.Server.Api.Definitions;

/// <summary>Run a definition: execute runs the first burst inline (Studio's Run button), dispatch leaves it to the workers.</summary>
public static class WorkflowExecutionEndpoints
{
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";

    public static RouteGroupBuilder MapWorkflowExecutionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-definitions/{definitionId}/execute", ExecutePostAsync);
        api.MapGet("/workflow-definitions/{definitionId}/execute", ExecuteGetAsync);
        api.MapPost("/workflow-definitions/{definitionId}/dispatch", DispatchAsync);
        return api;
    }

    private static Task<Results<Ok<WorkflowInstanceResponse>, ProblemHttpResult, ValidationProblem>> ExecutePostAsync(
        WorkflowRuntime runtime, IWorkflowStore store, HttpResponse response, string definitionId, ExecuteWorkflowRequest? request, CancellationToken cancellationToken) =>
        ExecuteAsync(runtime, store, response, definitionId, request ?? new ExecuteWorkflowRequest(null, null, null, null), cancellationToken);

    private static Task<Results<Ok<WorkflowInstanceResponse>, ProblemHttpResult, ValidationProblem>> ExecuteGetAsync(
        WorkflowRuntime runtime,
        IWorkflowStore store,
        HttpResponse response,
        string definitionId,
        string? correlationId,
        string? triggerActivityId,
        string? versionOptions,
        CancellationToken cancellationToken) =>
        ExecuteAsync(runtime, store, response, definitionId, new ExecuteWorkflowRequest(correlationId, triggerActivityId, versionOptions, null), cancellationToken);

    private static async Task<Results<Ok<WorkflowInstanceResponse>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(
        WorkflowRuntime runtime, IWorkflowStore store, HttpResponse response, string definitionId, ExecuteWorkflowRequest request, CancellationToken cancellationToken)
    {
        if (!TryVersionOptions(request.VersionOptions, out var options))
        {
            return ApiProblems.Invalid("versionOptions", $"'{request.VersionOptions}' is not a version option.");
        }

        var instance = await runtime.StartAsync(ToStart(definitionId, options, request), cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("Workflow definition", definitionId);
        }

        response.Headers[InstanceIdHeader] = instance.Id;
        return TypedResults.Ok(await InstanceResponses.BuildAsync(store, instance, cancellationToken));
    }

    private static async Task<Results<Ok<DispatchWorkflowResponse>, ProblemHttpResult, ValidationProblem>> DispatchAsync(
        WorkflowRuntime runtime, HttpResponse response, string definitionId, ExecuteWorkflowRequest? request, CancellationToken cancellationToken)
    {
        request ??= new ExecuteWorkflowRequest(null, null, null, null);
        if (!TryVersionOptions(request.VersionOptions, out var options))
        {
            return ApiProblems.Invalid("versionOptions", $"'{request.VersionOptions}' is not a version option.");
        }

        var instance = await runtime.DispatchAsync(ToStart(definitionId, options, request), cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("Workflow definition", definitionId);
        }

        response.Headers[InstanceIdHeader] = instance.Id;
        return TypedResults.Ok(new DispatchWorkflowResponse(instance.Id));
    }

    private static StartWorkflowRequest ToStart(string definitionId, VersionOptions options, ExecuteWorkflowRequest request) => new()
    {
        DefinitionId = definitionId,
        VersionOptions = options,
        CorrelationId = string.IsNullOrWhiteSpace(request.CorrelationId) ? null : request.CorrelationId,
        TriggerActivityId = string.IsNullOrWhiteSpace(request.TriggerActivityId) ? null : request.TriggerActivityId,
        Input = request.Input,
    };

    // Elsa starts the published version unless told otherwise; Studio's Run button asks for Latest.
    private static bool TryVersionOptions(string? text, out VersionOptions options)
    {
        options = VersionOptions.Published;
        return string.IsNullOrWhiteSpace(text) || VersionOptions.TryParse(text, out options);
    }
}

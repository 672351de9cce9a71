using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Executions;
using PatientDocs.StateLanguage.Hosting;
using PatientDocs.StateLanguage.Storage;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>Executions: start (idempotent by key), read with their steps, list, cancel, and send an event to a waiting one.</summary>
public static class ExecutionEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/workflow-executions", StartAsync);
        app.MapGet("/workflow-executions", ListAsync);
        app.MapGet("/workflow-executions/{id}", GetAsync);
        app.MapGet("/workflow-executions/{id}/steps/{stepId}", GetStepAsync);
        app.MapPut("/workflow-executions/{id}/cancel", CancelAsync);
        app.MapPost("/workflow-executions/{id}/events/{eventName}", SendEventAsync);
        return app;
    }

    private static async Task<Results<Created<ExecutionStarted>, Ok<ExecutionStarted>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpRequest request, StateLanguageStore store, WorkflowRuntime runtime, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await ReadJsonAsync(request, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (StartRequest.Problem(body) is { } invalid)
        {
            return invalid;
        }

        var start = StartRequest.Read(body!);

        string? key = request.Headers[IdempotencyHeader];
        if (key is not null && (key.Length == 0 || key.Length > MaxKeyLength))
        {
            return StateLanguageProblems.Invalid(IdempotencyHeader, $"{IdempotencyHeader} must be 1 to {MaxKeyLength} characters.");
        }

        var canonical = JsonEquality.Canonical(body);
        if (key is not null && await store.FindKeyAsync(key, time.GetUtcNow(), cancellationToken) is { } known)
        {
            return Repeated(known, canonical);
        }

        if (await store.FindWorkflowAsync(start.WorkflowName, start.Version, cancellationToken) is not { } workflow)
        {
            return StateLanguageProblems.NotFound(
                "Workflow not found.",
                start.Version is null ? $"No workflow named '{start.WorkflowName}'." : $"Workflow '{start.WorkflowName}' has no version '{start.Version}'.");
        }

        var instance = await runtime.DispatchAsync(
            new StartWorkflowRequest
            {
                DefinitionId = workflow.DefinitionId,
                VersionOptions = new VersionOptions(VersionSelector.SpecificVersion, workflow.EngineVersion),
                Input = start.Input,
                Name = $"{workflow.Name} {workflow.Version}",
            },
            cancellationToken);
        if (instance is null)
        {
            return StateLanguageProblems.NotFound("Workflow not found.", $"Workflow '{workflow.Name}' version '{workflow.Version}' has no engine definition.");
        }

        if (key is not null && !await store.ClaimKeyAsync(new IdempotencyKeyRow { Key = key, Request = canonical, ExecutionId = instance.Id, CreatedAt = time.GetUtcNow() }, cancellationToken))
        {
            // A concurrent start with the same key won: this execution is nobody's, so it is cancelled.
            await runtime.CancelAsync(instance.Id, cancellationToken);
            return await store.FindKeyAsync(key, time.GetUtcNow(), cancellationToken) is { } winner
                ? Repeated(winner, canonical)
                : StateLanguageProblems.Conflict("The idempotency key is in use.", $"{IdempotencyHeader} '{key}' was taken by a concurrent start.");
        }

        return TypedResults.Created($"/workflow-executions/{instance.Id}", new ExecutionStarted(instance.Id, ExecutionStatuses.Running));
    }

    private static Results<Created<ExecutionStarted>, Ok<ExecutionStarted>, ValidationProblem, ProblemHttpResult> Repeated(IdempotencyKeyRow known, string canonical) =>
        known.Request == canonical
            ? TypedResults.Ok(new ExecutionStarted(known.ExecutionId, ExecutionStatuses.Running))
            : StateLanguageProblems.Conflict("The idempotency key was used with a different body.", $"{IdempotencyHeader} '{known.Key}' started execution '{known.ExecutionId}' with a different body.");

    private static async Task<Results<Ok<ExecutionView>, ProblemHttpResult>> GetAsync(string id, ExecutionReader executions, CancellationToken cancellationToken) =>
        await executions.FindAsync(id, cancellationToken) is { } view ? TypedResults.Ok(view) : StateLanguageProblems.ExecutionNotFound(id);

    private static async Task<Results<Ok<StepView>, ProblemHttpResult>> GetStepAsync(string id, string stepId, ExecutionReader executions, CancellationToken cancellationToken)
    {
        if (await executions.FindAsync(id, cancellationToken) is not { } view)
        {
            return StateLanguageProblems.ExecutionNotFound(id);
        }

        return view.FindStep(stepId) is { } step
            ? TypedResults.Ok(step)
            : StateLanguageProblems.NotFound("Step not found.", $"Execution '{id}' has no step with id or state name '{stepId}'.");
    }

    private static async Task<Results<Ok<Page<ExecutionSummary>>, ValidationProblem>> ListAsync(
        HttpRequest request, string? status, string? workflowName, StateLanguageStore store, ExecutionReader executions, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(request, out var paging, out var problem))
        {
            return problem!;
        }

        string? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = ExecutionStatuses.All.FirstOrDefault(s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase));
            if (wanted is null)
            {
                return StateLanguageProblems.Invalid("status", $"status must be one of {string.Join(", ", ExecutionStatuses.All)} (was '{status}').");
            }
        }

        var definitionIds = (await store.ListWorkflowsAsync(cancellationToken))
            .Where(w => string.IsNullOrEmpty(workflowName) || w.Name == workflowName)
            .Select(w => w.DefinitionId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var (items, total) = await executions.ListAsync(definitionIds, wanted, paging.Offset, paging.Limit, cancellationToken);
        return TypedResults.Ok(new Page<ExecutionSummary>(items, total));
    }

    private static async Task<Results<Ok<ExecutionView>, ProblemHttpResult>> CancelAsync(
        string id, ExecutionReader executions, WorkflowRuntime runtime, IWorkflowStore engine, TimeProvider time, IOptions<StateLanguageOptions> options, CancellationToken cancellationToken)
    {
        if (await executions.FindAsync(id, cancellationToken) is not { } view)
        {
            return StateLanguageProblems.ExecutionNotFound(id);
        }

        if (view.Status != ExecutionStatuses.Running || !await runtime.CancelAsync(id, cancellationToken))
        {
            return NotRunning(await executions.FindAsync(id, cancellationToken) ?? view);
        }

        // The workers carry the cancel out; the answer waits (bounded) until the engine shows it, so it says CANCELLED.
        var deadline = time.GetUtcNow() + options.Value.CancelWait;
        while (await engine.FindInstanceAsync(id, cancellationToken) is { Status: not WorkflowStatus.Finished } && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), time, cancellationToken);
        }

        var after = await executions.FindAsync(id, cancellationToken) ?? view;
        return after.Status is ExecutionStatuses.Cancelled or ExecutionStatuses.Running ? TypedResults.Ok(after) : NotRunning(after);
    }

    private static ProblemHttpResult NotRunning(ExecutionView view) =>
        StateLanguageProblems.Conflict("The execution has finished.", $"Execution '{view.ExecutionId}' is {view.Status}: only a running execution can be cancelled.");

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> SendEventAsync(
        string id, string eventName, HttpRequest request, IWorkflowStore engine, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var instance = await engine.FindInstanceAsync(id, cancellationToken);
        if (instance is null || !instance.DefinitionId.StartsWith(StateLanguageModule.DefinitionIdPrefix, StringComparison.Ordinal))
        {
            return StateLanguageProblems.ExecutionNotFound(id);
        }

        var (body, unreadable) = await ReadJsonAsync(request, cancellationToken, emptyAs: new JsonObject());
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (body is not JsonObject payload)
        {
            return StateLanguageProblems.Invalid("body", "The event's payload must be a JSON object.");
        }

        var bookmarks = await engine.ListBookmarksAsync(id, cancellationToken);
        var waiting = bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.Event && b.Name == eventName);
        if (waiting is null || !await runtime.ResumeBookmarkAsync(id, waiting.Id, payload, cancellationToken))
        {
            return StateLanguageProblems.Conflict("The execution is not waiting for this event.", $"Execution '{id}' is not waiting for event '{eventName}' (send it again once it waits).");
        }

        return TypedResults.Accepted($"/workflow-executions/{id}");
    }

    private static async Task<(JsonNode? Node, ValidationProblem? Error)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken, JsonNode? emptyAs = null)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return emptyAs is null ? (null, StateLanguageProblems.Invalid("body", "The body is empty: send a JSON object.")) : (emptyAs, null);
        }

        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException ex)
        {
            return (null, StateLanguageProblems.Invalid("body", $"The body is not valid JSON: {ex.Message}"));
        }
    }
}

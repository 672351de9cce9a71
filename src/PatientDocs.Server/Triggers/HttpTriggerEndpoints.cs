using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Triggers;
using PatientDocs.Server.Api;
using PatientDocs.Server.Security;

namespace PatientDocs.Server.Triggers;

/// <summary>
/// <c>/workflows/{**path}</c> on any method starts the published definition whose HTTP endpoint trigger matches the path
/// template and declares the method: 202 with the instance id and its Location. No trigger on the path answers 404, one on
/// the path for other methods 405 (with <c>Allow</c>). A workflow that holds an <c>Elsa.WriteHttpResponse</c> runs its first
/// burst inside the request, and a response written in that burst is the answer; if it suspended first (a task, a timer), the
/// request stays open up to <see cref="HttpTriggerOptions.ResponseTimeout"/> for the response a later burst writes on any
/// node, and gets 202 if the instance ends without one or time runs out. A workflow without one is dispatched and the
/// request answered 202 at once. A trigger marked <c>authorize</c> needs the API key or a session
/// (when a key is set) and satisfies its <c>policy</c>, if it names one (<see cref="HttpTriggerPolicy"/>); a registered input validator for the path rejects bad bodies before any instance exists.
/// </summary>
public static class HttpTriggerEndpoints
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IEndpointRouteBuilder MapHttpTriggerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/workflows/{**path}", Methods, TriggerAsync);
        return app;
    }

    private static async Task<Results<Accepted<TriggerStartedResponse>, WorkflowHttpResult, ProblemHttpResult, ValidationProblem, ChallengeHttpResult>> TriggerAsync(
        string? path,
        HttpRequest request,
        HttpTriggerRoutes routes,
        IEnumerable<ITriggerInputValidator> validators,
        IAuthorizationService authorization,
        IAuthorizationPolicyProvider policies,
        WorkflowRuntime runtime,
        HttpResponseWaiter waiter,
        IOptions<HttpTriggerOptions> options,
        CancellationToken cancellationToken)
    {
        var normalised = HttpTriggerFinder.Normalise(path ?? "");
        var match = await routes.MatchAsync(normalised, request.Method, cancellationToken);
        if (match.Trigger is not { } trigger)
        {
            return NoTrigger(request, normalised, match.AllowedMethods);
        }

        // Before the body is read, so a caller without the key learns nothing about what the trigger accepts.
        if (trigger.Authorize && !(await authorization.AuthorizeAsync(request.HttpContext.User, ServerAccess.PolicyName)).Succeeded)
        {
            return TypedResults.Challenge();
        }

        if (await HttpTriggerPolicy.CheckAsync(trigger, request.HttpContext.User, authorization, policies) is { } forbidden)
        {
            return forbidden;
        }

        var (body, bodyError) = await HttpTriggerRequest.ReadBodyAsync(request, cancellationToken);
        if (bodyError is not null)
        {
            return ApiProblems.Invalid("body", bodyError);
        }

        var validator = validators.FirstOrDefault(v => string.Equals(v.Path, trigger.Path, StringComparison.OrdinalIgnoreCase));
        if (validator?.Validate(body) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors, "The workflow input is invalid.");
        }

        var start = new StartWorkflowRequest
        {
            DefinitionId = trigger.DefinitionId,
            VersionOptions = VersionOptions.Published,
            Input = TriggerInput.From(body, HttpTriggerRequest.Query(request), match.RouteData, HttpTriggerRequest.Headers(request)),
            TriggerActivityId = trigger.ActivityId,
        };
        var instance = await StartAsync(runtime, start, trigger.WritesResponse, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("HTTP trigger", "/workflows/" + normalised);
        }

        var written = instance.HttpResponse;
        if (written is null && trigger.WritesResponse && instance.Instance.Status != WorkflowStatus.Finished)
        {
            var wait = options.Value;
            try
            {
                written = await waiter.WaitAsync(instance.Instance.Id, wait.ResponseTimeout, wait.ResponsePollInterval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client hung up; the instance carries on without anyone to answer.
            }
        }

        if (written is not null && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return new WorkflowHttpResult(written);
        }

        return TypedResults.Accepted($"/elsa/api/workflow-instances/{instance.Instance.Id}", new TriggerStartedResponse(instance.Instance.Id));
    }

    private static async Task<StartedWorkflow?> StartAsync(WorkflowRuntime runtime, StartWorkflowRequest start, bool inline, CancellationToken cancellationToken)
    {
        if (inline)
        {
            // Not the request's token: a client hanging up mid-burst must not leave the instance to wait out its lease.
            return await runtime.ExecuteAsync(start, CancellationToken.None);
        }

        return await runtime.DispatchAsync(start, cancellationToken) is { } dispatched ? new StartedWorkflow(dispatched, null) : null;
    }

    private static ProblemHttpResult NoTrigger(HttpRequest request, string path, IReadOnlyList<string> allowed)
    {
        if (allowed.Count == 0)
        {
            return ApiProblems.NotFound("HTTP trigger", "/workflows/" + path);
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status405MethodNotAllowed,
            title: "Method not allowed.",
            detail: $"The HTTP trigger /workflows/{path} accepts {string.Join(", ", allowed)}, not {request.Method}.");
    }
}

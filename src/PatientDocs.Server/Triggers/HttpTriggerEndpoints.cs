using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Triggers;
using PatientDocs.Server.Api;
using PatientDocs.Server.Security;

namespace PatientDocs.Server.Triggers;

/// <summary>
/// <c>POST /workflows/{**path}</c> starts the published definition whose HTTP endpoint trigger has that path: 202 with the
/// instance id and its Location. A trigger marked <c>authorize</c> needs the API key or a session (when a key is set);
/// a registered input validator for the path rejects bad bodies before any instance exists.
/// </summary>
public static class HttpTriggerEndpoints
{
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapHttpTriggerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/workflows/{**path}", TriggerAsync);
        return app;
    }

    private static async Task<Results<Accepted<TriggerStartedResponse>, ProblemHttpResult, ValidationProblem, ChallengeHttpResult>> TriggerAsync(
        string path,
        HttpRequest request,
        HttpTriggerFinder finder,
        IEnumerable<ITriggerInputValidator> validators,
        IAuthorizationService authorization,
        WorkflowRuntime runtime,
        CancellationToken cancellationToken)
    {
        var normalised = HttpTriggerFinder.Normalise(path);

        // Before the body is read, so a caller without the key learns nothing about what the trigger accepts.
        var trigger = await finder.FindAsync(normalised, request.Method, cancellationToken);
        if (trigger is { Authorize: true } && !(await authorization.AuthorizeAsync(request.HttpContext.User, ServerAccess.PolicyName)).Succeeded)
        {
            return TypedResults.Challenge();
        }

        var validator = validators.FirstOrDefault(v => string.Equals(v.Path, normalised, StringComparison.OrdinalIgnoreCase));
        var (body, bodyError) = await ReadBodyAsync(request, cancellationToken);
        if (bodyError is not null)
        {
            return ApiProblems.Invalid("body", bodyError);
        }

        if (validator?.Validate(body) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors, "The workflow input is invalid.");
        }

        if (trigger is null)
        {
            return ApiProblems.NotFound("HTTP trigger", "/workflows/" + normalised);
        }

        var instance = await runtime.DispatchAsync(
            new StartWorkflowRequest
            {
                DefinitionId = trigger.DefinitionId,
                VersionOptions = VersionOptions.Published,
                Input = TriggerInput.From(body, request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())).ToList()),
                TriggerActivityId = trigger.ActivityId,
            },
            cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("HTTP trigger", "/workflows/" + normalised);
        }

        return TypedResults.Accepted($"/elsa/api/workflow-instances/{instance.Id}", new TriggerStartedResponse(instance.Id));
    }

    /// <summary>The JSON body, or null when there is none; an error message when it is not JSON or too large.</summary>
    public static async Task<(JsonNode? Body, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, $"The body must be at most {MaxBodyBytes} bytes.");
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (text.Length > MaxBodyBytes)
        {
            return (null, $"The body must be at most {MaxBodyBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException exception)
        {
            return (null, "The body is not valid JSON: " + exception.Message.Split(" Path:", 2)[0]);
        }
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Server.Api.Events;

/// <summary><c>POST /events/{eventName}</c>: resumes every event bookmark with that name (and correlation id, if given).</summary>
public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events/{eventName}", PublishAsync);
        api.MapPost("/events/{eventName}/trigger", PublishAsync);
        return api;
    }

    private static async Task<Results<Ok<PublishEventResponse>, ValidationProblem>> PublishAsync(
        WorkflowRuntime runtime, string eventName, PublishEventRequest? request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(eventName) || eventName.Length > 200)
        {
            return ApiProblems.Invalid("eventName", "The event name must be 1 to 200 characters.");
        }

        var correlationId = string.IsNullOrWhiteSpace(request?.CorrelationId) ? null : request.CorrelationId;
        var resumed = await runtime.PublishEventAsync(eventName, correlationId, request?.Payload?.DeepClone(), cancellationToken);
        return TypedResults.Ok(new PublishEventResponse(resumed));
    }
}

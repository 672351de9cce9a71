using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Health;

/// <summary>
/// <c>GET /health</c> (readiness): 200 when the store answers a cheap query, 503 otherwise. <c>GET /health/live</c> (liveness):
/// 200 while the process serves requests, whatever the database does, so an outage of the database restarts no node.
/// </summary>
public static partial class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync);
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthReport("Alive", null)));
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        IWorkflowStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            await store.NextWorkItemAtAsync(cancellationToken);
            return TypedResults.Ok(new HealthReport("Healthy", null));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnhealthy(loggers.CreateLogger(typeof(HealthEndpoints)), exception);
            return TypedResults.Json(new HealthReport("Unhealthy", "The store did not answer."), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: the store did not answer")]
    private static partial void LogUnhealthy(ILogger logger, Exception exception);
}

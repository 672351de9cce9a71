using Microsoft.AspNetCore.Http.Features;

namespace PatientDocs.Server.Api.Progress;

/// <summary>A <c>text/event-stream</c> response written by <paramref name="body"/> until it returns or the client goes away.</summary>
public sealed class EventStreamResult(Func<SseWriter, CancellationToken, Task> body) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // A proxy that buffers would hold the events back.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await body(new SseWriter(response), httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream: nothing left to write to.
        }
    }
}

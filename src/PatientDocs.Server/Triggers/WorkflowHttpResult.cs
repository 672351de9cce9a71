using PatientDocs.Engine.Activities;

namespace PatientDocs.Server.Triggers;

/// <summary>The response a workflow wrote with <c>Elsa.WriteHttpResponse</c>, sent as the answer to its trigger request.</summary>
public sealed class WorkflowHttpResult(HttpResponseData response) : IResult
{
    public HttpResponseData Response { get; } = response;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = Response.StatusCode;
        foreach (var (name, values) in Response.Headers)
        {
            http.Headers[name] = values;
        }

        if (Response.Content is null || Response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return;
        }

        http.ContentType = Response.ContentType;
        await http.WriteAsync(Response.Content, httpContext.RequestAborted);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Binding and JSON errors become 400 naming the field; a start that raced a change of its definition 409 saying what
/// happened; anything else a 500 without details.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var field = FieldOf(bad);
            problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [DescribeBadRequest(bad)] })
            {
                Status = bad.StatusCode,
                Title = "The request is invalid.",
                Detail = $"{field}: {DescribeBadRequest(bad)}",
            };
        }
        else if (exception is StartConflictException conflict)
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The definition changed while the start was being written.",
                Detail = conflict.Message,
            };
        }
        else
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
            };
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = null });
    }

    private static string FieldOf(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException { Path: { Length: > 0 } path })
        {
            return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        }

        // "Failed to bind parameter \"int Page\" from \"x\"." names the parameter between the first quotes.
        var message = bad.Message;
        var open = message.IndexOf('"', StringComparison.Ordinal);
        var close = open >= 0 ? message.IndexOf('"', open + 1) : -1;
        if (open >= 0 && close > open)
        {
            var parameter = message[(open + 1)..close];
            var space = parameter.LastIndexOf(' ');
            return space >= 0 ? parameter[(space + 1)..] : parameter;
        }

        return "body";
    }

    private static string DescribeBadRequest(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => json.Message.Split(". Path:", 2)[0],
        _ => bad.Message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}

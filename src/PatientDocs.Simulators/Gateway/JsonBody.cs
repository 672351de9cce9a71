using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PatientDocs.Simulators.Gateway;

/// <summary>Reads a JSON body, turning malformed input into a 400 ProblemDetails instead of a binding exception.</summary>
public static class JsonBody
{
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            var body = await request.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
            return body is null ? (null, Invalid("body", "A JSON object is required.")) : (body, null);
        }
        catch (JsonException exception)
        {
            return (null, Invalid(exception.Path is { Length: > 2 } path ? path[2..] : "body", "The body is not valid JSON for this request."));
        }
        catch (InvalidOperationException)
        {
            return (null, Invalid("body", "The body must be application/json."));
        }
    }

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

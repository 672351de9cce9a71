using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>The module's errors as ProblemDetails: 400 naming the field (or the state at fault), 404 naming what, 409 saying why.</summary>
internal static class StateLanguageProblems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "The request is invalid.");

    /// <summary>Each error keyed by its state (<c>states.{name}.{field}</c>) or the definition's own field; <c>state</c> names the first state at fault.</summary>
    public static ValidationProblem InvalidDefinition(IReadOnlyList<LanguageError> errors)
    {
        var keyed = errors
            .GroupBy(e => e.State is null ? e.Field : $"states.{e.State}.{e.Field}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        var extensions = new Dictionary<string, object?> { ["state"] = errors.FirstOrDefault(e => e.State is not null)?.State };
        return TypedResults.ValidationProblem(keyed, detail: string.Join(" ", errors.Select(e => e.Message)), title: "The workflow definition is invalid.", extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported Content-Type.",
            detail: $"Content-Type '{contentType ?? "(none)"}' is not supported: send application/yaml, application/x-yaml, text/yaml or application/json.",
            extensions: new Dictionary<string, object?> { ["field"] = "Content-Type" });

    public static ProblemHttpResult Unavailable(string why) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "State-language workflows are not available.", detail: why);

    public static ProblemHttpResult ExecutionNotFound(string id) => NotFound("Execution not found.", $"No execution with id '{id}'.");
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace PatientDocs.Server.Api;

/// <summary>The ProblemDetails every endpoint answers with: 400 naming the field, 404 naming the id, 409 saying why not now.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.", detail: $"No {what.ToLowerInvariant()} with id '{id}'.");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "The request is invalid.");

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors, string title) =>
        TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), title: title);
}

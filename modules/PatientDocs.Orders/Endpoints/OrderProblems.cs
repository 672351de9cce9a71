using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PatientDocs.Orders.Endpoints;

/// <summary>The module's errors as ProblemDetails: 400 keyed by JSON path, 404 naming the order, 409 saying why.</summary>
internal static class OrderProblems
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), title: "The request is invalid.");

    public static ProblemHttpResult NotFound(string orderId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found.", detail: $"No order with id '{orderId}'.");

    public static ProblemHttpResult Conflict(string orderId, string why) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The order cannot take this now.", detail: $"Order '{orderId}': {why}");

    public static ProblemHttpResult Unavailable(string why) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Orders are not available.", detail: why);
}

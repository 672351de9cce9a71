using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.TaskTracker;

/// <summary>The routes of <c>/sim/task-tracker</c>.</summary>
public static class TaskTrackerEndpoints
{
    public const string BasePath = "/sim/task-tracker";
    private const int MaxFieldLength = 200;
    private const int MaxReportLength = 1_000_000;

    public static RouteGroupBuilder MapTaskTracker(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath);
        group.MapPost("/items", CreateAsync).Gated<TaskTrackerSimulator>("create");
        group.MapPut("/items/{itemId}/status", SetStatusAsync).Gated<TaskTrackerSimulator>("status");
        group.MapPost("/items/{itemId}/reports", AppendReportAsync).Gated<TaskTrackerSimulator>("report");
        group.MapGet("/items/{itemId}", Read).Gated<TaskTrackerSimulator>("read");
        group.MapGet("/items", List).Gated<TaskTrackerSimulator>("list");
        group.MapGatewayEndpoints<TaskTrackerSimulator>();
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, TaskTrackerSimulator simulator)
    {
        var (body, error) = await JsonBody.ReadAsync<CreateItemRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var invalid = Required("patientId", body!.PatientId) ?? Required("firstName", body.FirstName) ?? Required("lastName", body.LastName);
        if (invalid is not null)
        {
            return invalid;
        }

        var (key, keyError) = IdempotencyKey.Read(request);
        if (keyError is not null)
        {
            return keyError;
        }

        var (item, created) = simulator.Create(body.PatientId!, body.FirstName!, body.LastName!, key);
        return created
            ? TypedResults.Created($"{request.PathBase}{BasePath}/items/{item.ItemId}", new ItemCreated(item.ItemId))
            : TypedResults.Ok(new ItemCreated(item.ItemId));
    }

    private static async Task<IResult> SetStatusAsync(string itemId, HttpRequest request, TaskTrackerSimulator simulator)
    {
        var (body, error) = await JsonBody.ReadAsync<StatusRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (Required("status", body!.Status) is { } invalid)
        {
            return invalid;
        }

        return simulator.SetStatus(itemId, body.Status!) is { } item ? TypedResults.Ok(item) : UnknownItem(itemId);
    }

    private static async Task<IResult> AppendReportAsync(string itemId, HttpRequest request, TaskTrackerSimulator simulator)
    {
        var (body, error) = await JsonBody.ReadAsync<ReportRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (body!.Text is null || body.Text.Length > MaxReportLength)
        {
            return JsonBody.Invalid("text", $"text is required (it may be empty), at most {MaxReportLength} characters.");
        }

        var (key, keyError) = IdempotencyKey.Read(request);
        if (keyError is not null)
        {
            return keyError;
        }

        return simulator.AppendReport(itemId, body.Text, key) is { } item ? TypedResults.Ok(item) : UnknownItem(itemId);
    }

    private static Results<Ok<TrackerItemView>, ProblemHttpResult> Read(string itemId, TaskTrackerSimulator simulator) =>
        simulator.Find(itemId) is { } item ? TypedResults.Ok(item) : UnknownItem(itemId);

    private static Ok<TrackerItemList> List(string? patientId, TaskTrackerSimulator simulator) =>
        TypedResults.Ok(new TrackerItemList(simulator.List(string.IsNullOrWhiteSpace(patientId) ? null : patientId)));

    private static IResult? Required(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxFieldLength
            ? JsonBody.Invalid(field, $"{field} is required, at most {MaxFieldLength} characters.")
            : null;

    private static ProblemHttpResult UnknownItem(string itemId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown item", detail: $"No item '{itemId}'.");
}

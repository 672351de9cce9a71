using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>The routes of <c>/sim/document-exchange</c>.</summary>
public static class DocumentExchangeEndpoints
{
    public const string BasePath = "/sim/document-exchange";
    private const int MaxNameLength = 200;

    public static RouteGroupBuilder MapDocumentExchange(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath);
        group.MapPost("/searches", SearchAsync).Gated<DocumentExchangeSimulator>("search");
        group.MapGet("/jobs/{jobId}", Status).Gated<DocumentExchangeSimulator>("status");
        group.MapGet("/archives/{jobId}", Download).Gated<DocumentExchangeSimulator>("download");
        group.MapGatewayEndpoints<DocumentExchangeSimulator>();
        return group;
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, DocumentExchangeSimulator simulator)
    {
        var (body, error) = await JsonBody.ReadAsync<SearchRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.FirstName) || body.FirstName.Length > MaxNameLength)
        {
            return JsonBody.Invalid("firstName", $"firstName is required, at most {MaxNameLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(body.LastName) || body.LastName.Length > MaxNameLength)
        {
            return JsonBody.Invalid("lastName", $"lastName is required, at most {MaxNameLength} characters.");
        }

        if (body.PatientId is { Length: > MaxNameLength })
        {
            return JsonBody.Invalid("patientId", $"patientId is at most {MaxNameLength} characters.");
        }

        var (idempotencyKey, keyError) = IdempotencyKey.Read(request);
        if (keyError is not null)
        {
            return keyError;
        }

        var key = DocumentDistribution.KeyFor(body.PatientId, body.FirstName, body.LastName);
        var job = simulator.StartSearch(key, idempotencyKey);
        return TypedResults.Accepted($"{request.PathBase}{BasePath}/jobs/{job.JobId}", new SearchAccepted(job.JobId));
    }

    private static Results<Ok<JobStatus>, ProblemHttpResult> Status(string jobId, HttpRequest request, DocumentExchangeSimulator simulator)
    {
        if (simulator.FindJob(jobId) is not { } job)
        {
            return UnknownJob(jobId);
        }

        var status = job.StatusAt(simulator.Now);
        var done = status == "done";
        var archiveUrl = done && job.DocumentCount > 0 ? $"{request.PathBase}{BasePath}/archives/{job.JobId}" : null;
        return TypedResults.Ok(new JobStatus(job.JobId, status, archiveUrl, done ? job.DocumentCount : null));
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Download(string jobId, DocumentExchangeSimulator simulator)
    {
        if (simulator.FindJob(jobId) is not { } job)
        {
            return UnknownJob(jobId);
        }

        var status = job.StatusAt(simulator.Now);
        if (status != "done")
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "No archive",
                detail: $"Job '{jobId}' is {status}; its archive exists once it is done.");
        }

        if (job.DocumentCount == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No archive", detail: $"Job '{jobId}' found no documents.");
        }

        return TypedResults.File(ArchiveBuilder.Build(job.PatientKey, job.DocumentCount), "application/zip", $"{job.JobId}.zip");
    }

    private static ProblemHttpResult UnknownJob(string jobId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown job", detail: $"No job '{jobId}'.");
}

using Microsoft.AspNetCore.Http.HttpResults;
using PatientDocs.Engine.Runtime.Eta;
using PatientDocs.Server.Api;
using PatientDocs.Server.Security;
using PatientDocs.Server.Studio;

namespace PatientDocs.Server.Operations;

/// <summary>
/// The operations page at <c>/ops</c> (its files are embedded in the server, the charting library included), its JSON
/// snapshot at <c>/api/ops/snapshot</c> and an instance's ETA at <c>/api/workflow-instances/{id}/eta</c>; all behind the
/// server's access rule.
/// </summary>
public static class OperationsEndpoints
{
    public static readonly PathString PagePath = "/ops";

    public const int MaxWaitingPageSize = 200;

    public static WebApplication MapOperations(this WebApplication app)
    {
        var api = app.MapGroup("").RequireServerAccess();
        api.MapGet("/api/workflow-instances/{id}/eta", EtaAsync).WithTags("Operations");
        api.MapGet("/api/ops/snapshot", SnapshotAsync).WithTags("Operations");

        var files = OpsPageFiles.Load();
        api.MapGet("/ops", (HttpContext context) => Page(context, files)).ExcludeFromDescription();
        api.MapGet("/ops/{file}", (HttpContext context, string file) => files.Find(file) is { } found
            ? TypedResults.Bytes(found.Content, found.ContentType)
            : Results.NotFound()).ExcludeFromDescription();
        return app;
    }

    /// <summary>When the instance will finish: 200 with the estimate (a finished one answers with its finish time), 404 for an unknown id.</summary>
    private static async Task<Results<Ok<InstanceEta>, ProblemHttpResult>> EtaAsync(InstanceEtaEstimator estimator, string id, CancellationToken cancellationToken) =>
        await estimator.EstimateAsync(id, cancellationToken) is { } eta ? TypedResults.Ok(eta) : ApiProblems.NotFound("Workflow instance", id);

    /// <summary>Counts, limits' use, queue depths, incidents and one page of waiting instances (oldest first) with their ETAs.</summary>
    private static async Task<Results<Ok<OpsSnapshot>, ValidationProblem>> SnapshotAsync(
        OpsSnapshotReader reader, CancellationToken cancellationToken, int page = 0, int pageSize = 20)
    {
        if (page < 0)
        {
            return ApiProblems.Invalid("page", "Page must be 0 or more.");
        }

        if (pageSize is < 1 or > MaxWaitingPageSize)
        {
            return ApiProblems.Invalid("pageSize", $"PageSize must be between 1 and {MaxWaitingPageSize}.");
        }

        return TypedResults.Ok(await reader.ReadAsync(page, pageSize, cancellationToken));
    }

    private static ContentHttpResult Page(HttpContext context, OpsPageFiles files)
    {
        StudioHostPage.ForbidFraming(context.Response);
        var html = files.Html
            .Replace("{{BASE}}", System.Net.WebUtility.HtmlEncode(context.Request.PathBase.Add(PagePath).Value + "/"), StringComparison.Ordinal)
            .Replace("{{STUDIO}}", System.Net.WebUtility.HtmlEncode(context.Request.PathBase.Add(StudioEndpoints.BasePath).Value + "/"), StringComparison.Ordinal);
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }
}

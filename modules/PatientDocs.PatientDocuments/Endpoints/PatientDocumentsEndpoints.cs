using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Triggers;
using PatientDocs.PatientDocuments.Activities;
using PatientDocs.PatientDocuments.ActivityLog;
using PatientDocs.PatientDocuments.Conversion;

namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>The flagship's extras: bulk start without a request per patient, and the activity log read back.</summary>
public static class PatientDocumentsEndpoints
{
    public const int MaxBulkPatients = 10_000;

    public static IEndpointRouteBuilder MapPatientDocumentsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/patient-documents/runs", StartRunsAsync);
        app.MapGet("/api/activity-log", ReadActivityLogAsync);
        app.MapGet("/api/patient-documents/stats", ReadStats);
        return app;
    }

    private static async Task<Results<Accepted<BulkRunResponse>, ProblemHttpResult, ValidationProblem>> StartRunsAsync(
        BulkRunRequest? request, HttpTriggerFinder finder, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (request?.PatientIds is not { } ids)
        {
            return EndpointProblems.Invalid("patientIds", "The patientIds array is required.");
        }

        if (ids.Count is < 1 or > MaxBulkPatients)
        {
            return EndpointProblems.Invalid("patientIds", $"Between 1 and {MaxBulkPatients} patient ids are required (got {ids.Count}).");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (PatientDocumentsInputValidator.CheckPatientId(ids[i]) is { } error)
            {
                return EndpointProblems.Invalid($"patientIds[{i}]", error);
            }
        }

        // Two runs of one patient in one request would race for its TaskTracker item; a second run belongs in a second request.
        var duplicates = ids.Select(id => id!.GetValue<string>()).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            return EndpointProblems.Invalid("patientIds", $"Each patient may appear once; named more than once: {string.Join(", ", duplicates)}.");
        }

        var trigger = await finder.FindAsync(PatientDocumentsInputValidator.TriggerPath, HttpMethods.Post, cancellationToken);
        if (trigger is null)
        {
            return EndpointProblems.NotFound("HTTP trigger", "/workflows/" + PatientDocumentsInputValidator.TriggerPath);
        }

        var requests = ids.Select(id => new StartWorkflowRequest
        {
            DefinitionId = trigger.DefinitionId,
            VersionOptions = VersionOptions.Published,
            Input = TriggerInput.From(new System.Text.Json.Nodes.JsonObject { ["patientId"] = id!.GetValue<string>() }),
            TriggerActivityId = trigger.ActivityId,
        }).ToList();
        var instanceIds = await runtime.StartManyAsync(requests, cancellationToken);
        if (instanceIds is null)
        {
            return EndpointProblems.NotFound("HTTP trigger", "/workflows/" + PatientDocumentsInputValidator.TriggerPath);
        }

        return TypedResults.Accepted("/elsa/api/workflow-instances", new BulkRunResponse(instanceIds));
    }

    /// <summary>Lines come from the table; the CSV is brought up to date first, so a client may read the file after this answer.</summary>
    private static async Task<Results<Ok<ActivityLogResponse>, ProblemHttpResult, ValidationProblem>> ReadActivityLogAsync(
        string? instanceId, ActivityLogPump pump, IWorkflowStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 100)
        {
            return EndpointProblems.Invalid("instanceId", "The instanceId query parameter is required (at most 100 characters).");
        }

        try
        {
            await pump.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The lines are safe in the table and the pump keeps retrying; the caller learns the file is behind.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The activity-log CSV cannot be written now.", detail: ex.Message);
        }

        var items = await store.ListActivityLogAsync(instanceId, cancellationToken);

        // A deleted instance keeps its log lines; only an id that never had either is unknown.
        if (items.Count == 0 && await store.FindInstanceAsync(instanceId, cancellationToken) is null)
        {
            return EndpointProblems.NotFound("Workflow instance", instanceId);
        }

        return TypedResults.Ok(new ActivityLogResponse(instanceId, items.Select(ActivityLogLine.From).ToList(), items.Count));
    }

    private static Ok<PatientDocumentsStats> ReadStats(ConversionMonitor monitor, TaskQueueCatalog queues)
    {
        var queue = queues.Resolve(PatientDocsQueues.Conversion);
        return TypedResults.Ok(new PatientDocumentsStats(new ConversionStats(
            monitor.Current,
            monitor.Peak,
            monitor.CurrentWeightMb,
            monitor.PeakWeightMb,
            monitor.Completed,
            queue.Slots,
            queue.Budget)));
    }
}

using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>
/// One status request per attempt; while the job runs the task asks to run again after an interval that grows with the
/// status queue's backlog, so all pollers together stay under the status limit and no thread waits.
/// </summary>
[Activity(PatientDocsQueues.Namespace, "WaitForSearchJob", Category = PatientDocsQueues.Category, DisplayName = "Wait for search job",
    Description = "Polls the DocumentExchange job status until the search is done.", Kind = ActivityKind.Task, Ports = [FoundPort, NotFoundPort])]
public sealed class WaitForSearchJob : TaskActivity
{
    public const string FoundPort = "Found";
    public const string NotFoundPort = "NotFound";

    public override string Queue => PatientDocsQueues.DocexStatus;

    [Input(Description = "The search job id from SearchDocuments.")]
    public string JobId { get; set; } = "";

    [Output(Description = "True when the search found documents.")]
    public bool Found { get; set; }

    [Output(Description = "Where to download the documents archive (empty when nothing was found).")]
    public string ArchiveUrl { get; set; } = "";

    [Output(Description = "How many documents the archive holds.")]
    public int DocumentCount { get; set; }

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(JobId))
        {
            return TaskOutcome.Permanent("WaitForSearchJob needs the input jobId.");
        }

        var client = context.Services.GetRequiredService<DocumentExchangeClient>();
        var response = await client.GetJobAsync(context, JobId, cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        var job = response.Value!;
        if (job.IsFailed)
        {
            return TaskOutcome.Permanent($"DocumentExchange search job {JobId} failed.");
        }

        if (!job.IsDone)
        {
            return TaskOutcome.RunAgainAfter(PollInterval.For(context.QueueBacklog, client.Options, context.TimeScale));
        }

        Found = !string.IsNullOrEmpty(job.ArchiveUrl);
        ArchiveUrl = job.ArchiveUrl ?? "";
        DocumentCount = job.DocumentCount ?? 0;
        return TaskOutcome.Completed(Found ? FoundPort : NotFoundPort);
    }
}

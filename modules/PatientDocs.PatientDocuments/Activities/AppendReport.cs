using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.TaskTracker;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>Appends the report to the TaskTracker item; the idempotency key makes a repeat append nothing.</summary>
[Activity(PatientDocsQueues.Namespace, "AppendReport", Category = PatientDocsQueues.Category, DisplayName = "Append report",
    Description = "Appends a report to the TaskTracker item.", Kind = ActivityKind.Task)]
public sealed class AppendReport : TaskActivity
{
    public override string Queue => PatientDocsQueues.TaskTracker;

    [Input(Description = "The TaskTracker item id.")]
    public string ItemId { get; set; } = "";

    [Input(Description = "The report text.", UIHint = "multiline")]
    public string Text { get; set; } = "";

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ItemId))
        {
            return TaskOutcome.Permanent("AppendReport needs the input itemId.");
        }

        var client = context.Services.GetRequiredService<TaskTrackerClient>();
        var response = await client.AppendReportAsync(context, ItemId, Text, cancellationToken);
        return response.Succeeded ? TaskOutcome.Completed() : response.Failure!;
    }
}

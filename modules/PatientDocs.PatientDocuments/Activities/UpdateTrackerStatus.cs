using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.TaskTracker;
using PatientDocs.PatientDocuments.Patients;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>Sets the status of the patient's TaskTracker item (a PUT: repeating it changes nothing).</summary>
[Activity(PatientDocsQueues.Namespace, "UpdateTrackerStatus", Category = PatientDocsQueues.Category, DisplayName = "Update tracker status",
    Description = "Sets the status of the TaskTracker item.", Kind = ActivityKind.Task)]
public sealed class UpdateTrackerStatus : TaskActivity
{
    public override string Queue => PatientDocsQueues.TaskTracker;

    [Input(Description = "The TaskTracker item id.")]
    public string ItemId { get; set; } = "";

    [Input(Description = "The new status.", UIHint = "dropdown", Options = [DocumentsStatus.Found, DocumentsStatus.NotFound], DefaultValue = DocumentsStatus.Found)]
    public string Status { get; set; } = "";

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ItemId) || string.IsNullOrWhiteSpace(Status))
        {
            return TaskOutcome.Permanent("UpdateTrackerStatus needs the inputs itemId and status.");
        }

        var client = context.Services.GetRequiredService<TaskTrackerClient>();
        var response = await client.SetStatusAsync(context, ItemId, Status, cancellationToken);
        return response.Succeeded ? TaskOutcome.Completed() : response.Failure!;
    }
}

using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.TaskTracker;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>Creates the patient's TaskTracker item; the idempotency key makes a repeat return the same item.</summary>
[Activity(PatientDocsQueues.Namespace, "CreateTrackerItem", Category = PatientDocsQueues.Category, DisplayName = "Create tracker item",
    Description = "Creates a TaskTracker entry with the patient id and name.", Kind = ActivityKind.Task)]
public sealed class CreateTrackerItem : TaskActivity
{
    public override string Queue => PatientDocsQueues.TaskTracker;

    [Input(Description = "The patient id.")]
    public string PatientId { get; set; } = "";

    [Input(Description = "The patient's first name.")]
    public string FirstName { get; set; } = "";

    [Input(Description = "The patient's last name.")]
    public string LastName { get; set; } = "";

    [Output(Description = "The TaskTracker item id.")]
    public string ItemId { get; set; } = "";

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PatientId))
        {
            return TaskOutcome.Permanent("CreateTrackerItem needs the input patientId.");
        }

        var client = context.Services.GetRequiredService<TaskTrackerClient>();
        var response = await client.CreateItemAsync(context, PatientId, FirstName, LastName, cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        ItemId = response.Value!;
        return TaskOutcome.Completed();
    }
}

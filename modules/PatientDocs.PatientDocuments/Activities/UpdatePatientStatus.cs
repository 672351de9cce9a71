using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Patients;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>Writes the documents status to the patients table (an upsert: repeating it changes nothing).</summary>
[Activity(PatientDocsQueues.Namespace, "UpdatePatientStatus", Category = PatientDocsQueues.Category, DisplayName = "Update patient status",
    Description = "Sets the patient's documents status in the database.", Kind = ActivityKind.Task)]
public sealed class UpdatePatientStatus : TaskActivity
{
    public override string Queue => PatientDocsQueues.Database;

    [Input(Description = "The patient id.")]
    public string PatientId { get; set; } = "";

    [Input(Description = "The new status.", UIHint = "dropdown", Options = [DocumentsStatus.Found, DocumentsStatus.NotFound], DefaultValue = DocumentsStatus.Found)]
    public string Status { get; set; } = "";

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PatientId) || string.IsNullOrWhiteSpace(Status))
        {
            return TaskOutcome.Permanent("UpdatePatientStatus needs the inputs patientId and status.");
        }

        var patients = context.Services.GetRequiredService<IPatientStore>();
        try
        {
            await patients.SetDocumentsStatusAsync(PatientId, Status, context.Time.GetUtcNow(), cancellationToken);
        }
        catch (KeyNotFoundException ex)
        {
            return TaskOutcome.Permanent(ex.Message);
        }

        return TaskOutcome.Completed();
    }
}

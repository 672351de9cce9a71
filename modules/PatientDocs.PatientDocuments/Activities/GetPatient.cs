using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Patients;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>Reads the patient's name from the patients table; an unknown id leaves through NotFound without any external call.</summary>
[Activity(PatientDocsQueues.Namespace, "GetPatient", Category = PatientDocsQueues.Category, DisplayName = "Get patient",
    Description = "Reads the patient's first and last name from the database.", Kind = ActivityKind.Task, Ports = [FoundPort, NotFoundPort])]
public sealed class GetPatient : TaskActivity
{
    public const string FoundPort = "Found";
    public const string NotFoundPort = "NotFound";

    public override string Queue => PatientDocsQueues.Database;

    [Input(Description = "The patient id, e.g. P000123.")]
    public string PatientId { get; set; } = "";

    [Output(Description = "True when the patient exists.")]
    public bool Found { get; set; }

    [Output(Description = "The patient's first name.")]
    public string FirstName { get; set; } = "";

    [Output(Description = "The patient's last name.")]
    public string LastName { get; set; } = "";

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var patients = context.Services.GetRequiredService<IPatientStore>();
        var patient = string.IsNullOrWhiteSpace(PatientId) ? null : await patients.FindAsync(PatientId.Trim(), cancellationToken);
        Found = patient is not null;
        FirstName = patient?.FirstName ?? "";
        LastName = patient?.LastName ?? "";
        return TaskOutcome.Completed(Found ? FoundPort : NotFoundPort);
    }
}

namespace PatientDocs.PatientDocuments.Patients;

/// <summary>The patients table of the patient-documents module, read and written through <see cref="EfPatientStore"/>.</summary>
public sealed class PatientRow
{
    public string Id { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? DocumentsStatus { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

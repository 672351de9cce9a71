namespace PatientDocs.Persistence.Schema;

/// <summary>The patients table of the patient-documents module (the server adapts it to <c>IPatientStore</c>).</summary>
public sealed class PatientRow
{
    public string Id { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? DocumentsStatus { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

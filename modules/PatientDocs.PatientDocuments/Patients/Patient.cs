namespace PatientDocs.PatientDocuments.Patients;

/// <summary>A row of the patients table.</summary>
public sealed record Patient(string Id, string FirstName, string LastName, string? DocumentsStatus, DateTimeOffset? UpdatedAt);

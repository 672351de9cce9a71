namespace PatientDocs.PatientDocuments.Patients;

/// <summary>The patients table. The server backs it with PatientDocs' own database (SQLite or PostgreSQL); tests use memory.</summary>
public interface IPatientStore
{
    Task<Patient?> FindAsync(string patientId, CancellationToken cancellationToken = default);

    /// <summary>Idempotent: setting the same status twice leaves one state.</summary>
    Task SetDocumentsStatusAsync(string patientId, string status, DateTimeOffset updatedAt, CancellationToken cancellationToken = default);

    /// <summary>Inserts the demo patients P000001…P{count:000000} that are missing; existing rows are left alone.</summary>
    Task SeedAsync(int count, CancellationToken cancellationToken = default);
}

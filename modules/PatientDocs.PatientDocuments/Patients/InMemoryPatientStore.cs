using System.Collections.Concurrent;

namespace PatientDocs.PatientDocuments.Patients;

/// <summary>The patients table in memory, for tests and for running the module without a database.</summary>
public sealed class InMemoryPatientStore : IPatientStore
{
    private readonly ConcurrentDictionary<string, Patient> _patients = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Patient> All => _patients.Values.ToList();

    public void Add(Patient patient) => _patients[patient.Id] = patient;

    public Task<Patient?> FindAsync(string patientId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_patients.TryGetValue(patientId, out var patient) ? patient : null);

    public Task SetDocumentsStatusAsync(string patientId, string status, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        _patients.AddOrUpdate(
            patientId,
            _ => throw new KeyNotFoundException($"Patient '{patientId}' does not exist."),
            (_, existing) => existing with { DocumentsStatus = status, UpdatedAt = updatedAt });
        return Task.CompletedTask;
    }

    public Task SeedAsync(int count, CancellationToken cancellationToken = default)
    {
        for (var number = 1; number <= count; number++)
        {
            var patient = DemoPatients.Create(number);
            _patients.TryAdd(patient.Id, patient);
        }

        return Task.CompletedTask;
    }
}

using Microsoft.EntityFrameworkCore;

namespace PatientDocs.PatientDocuments.Patients;

/// <summary>The patients table in the server's database (SQLite or PostgreSQL), in the module's own schema scripts.</summary>
public sealed class EfPatientStore(IDbContextFactory<PatientsDbContext> contexts) : IPatientStore
{
    private const int SeedBatch = 500;

    // Compiled once per store: every GetPatient task runs this lookup, and EF otherwise rebuilds the expression's cache key
    // each time (parameter extraction and the cache lookup took about 2 % of the server's CPU while tasks ran in the capacity
    // bench). Not static: a compiled query binds to the first model it runs with, and SQLite's and PostgreSQL's differ, so
    // two hosts in one process (the tests) would share one that fits only the first.
    private readonly Func<PatientsDbContext, string, CancellationToken, Task<PatientRow?>> _findRow =
        EF.CompileAsyncQuery((PatientsDbContext db, string id, CancellationToken _) => db.Patients.AsNoTracking().SingleOrDefault(p => p.Id == id));

    public async Task<Patient?> FindAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await _findRow(db, patientId, cancellationToken);
        return row is null ? null : new Patient(row.Id, row.FirstName, row.LastName, row.DocumentsStatus, row.UpdatedAt);
    }

    public async Task SetDocumentsStatusAsync(string patientId, string status, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.Patients
            .Where(p => p.Id == patientId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DocumentsStatus, status).SetProperty(p => p.UpdatedAt, updatedAt), cancellationToken);
        if (updated == 0)
        {
            throw new KeyNotFoundException($"Patient '{patientId}' does not exist.");
        }
    }

    public async Task SeedAsync(int count, CancellationToken cancellationToken = default)
    {
        for (var first = 1; first <= count; first += SeedBatch)
        {
            var last = Math.Min(count, first + SeedBatch - 1);
            var ids = Enumerable.Range(first, last - first + 1).Select(DemoPatients.Id).ToList();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = (await db.Patients.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var number in Enumerable.Range(first, last - first + 1))
            {
                var patient = DemoPatients.Create(number);
                if (!existing.Contains(patient.Id))
                {
                    db.Patients.Add(new PatientRow { Id = patient.Id, FirstName = patient.FirstName, LastName = patient.LastName });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

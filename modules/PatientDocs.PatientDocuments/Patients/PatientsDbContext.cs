using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.PatientDocuments.Patients;

/// <summary>
/// The module's own tables in the server's database. As with the engine's, the schema comes from the module's SQL scripts
/// (Migrations/), never from EF; this model only maps them, with the engine's conventions (unix-millisecond timestamps).
/// </summary>
public sealed class PatientsDbContext(DbContextOptions<PatientsDbContext> options) : DbContext(options)
{
    public DbSet<PatientRow> Patients => Set<PatientRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var patient = modelBuilder.Entity<PatientRow>();
        patient.ToTable("patients");
        patient.Property(p => p.Id).HasColumnName("id");
        patient.Property(p => p.FirstName).HasColumnName("first_name");
        patient.Property(p => p.LastName).HasColumnName("last_name");
        patient.Property(p => p.DocumentsStatus).HasColumnName("documents_status");
        patient.Property(p => p.UpdatedAt).HasColumnName("updated_at");
    }
}

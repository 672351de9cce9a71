using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.StateLanguage.Storage;

/// <summary>Maps the module's tables (created by its own scripts in Migrations/, never by EF) with the engine's conventions.</summary>
public sealed class StateLanguageDbContext(DbContextOptions<StateLanguageDbContext> options) : DbContext(options)
{
    public DbSet<WorkflowRow> Workflows => Set<WorkflowRow>();

    public DbSet<IdempotencyKeyRow> IdempotencyKeys => Set<IdempotencyKeyRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var workflow = modelBuilder.Entity<WorkflowRow>();
        workflow.ToTable("state_language_workflows").HasKey(w => new { w.Name, w.Version });
        workflow.Property(w => w.Name).HasColumnName("name");
        workflow.Property(w => w.Version).HasColumnName("version");
        workflow.Property(w => w.DefinitionId).HasColumnName("definition_id");
        workflow.Property(w => w.EngineVersion).HasColumnName("engine_version");
        workflow.Property(w => w.Definition).HasColumnName("definition");
        workflow.Property(w => w.StartAt).HasColumnName("start_at");
        workflow.Property(w => w.StateCount).HasColumnName("state_count");
        workflow.Property(w => w.RegisteredAt).HasColumnName("registered_at");

        var key = modelBuilder.Entity<IdempotencyKeyRow>();
        key.ToTable("state_language_idempotency_keys").HasKey(k => k.Key);
        key.Property(k => k.Key).HasColumnName("idempotency_key");
        key.Property(k => k.Request).HasColumnName("request");
        key.Property(k => k.ExecutionId).HasColumnName("execution_id");
        key.Property(k => k.CreatedAt).HasColumnName("created_at");
    }
}

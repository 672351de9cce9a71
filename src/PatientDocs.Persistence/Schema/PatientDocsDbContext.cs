using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Schema;

/// <summary>
/// The PatientDocs database. The schema is created by the hand-written scripts in Migrations/, never by EF, so this model
/// only maps names: tables and columns are snake_case, enums are text, timestamps are unix milliseconds.
/// </summary>
public sealed class PatientDocsDbContext(DbContextOptions<PatientDocsDbContext> options) : DbContext(options)
{
    public DbSet<DefinitionVersionRow> DefinitionVersions => Set<DefinitionVersionRow>();
    public DbSet<InstanceRow> Instances => Set<InstanceRow>();
    public DbSet<BookmarkRow> Bookmarks => Set<BookmarkRow>();
    public DbSet<WorkItemRow> WorkItems => Set<WorkItemRow>();
    public DbSet<TaskRow> Tasks => Set<TaskRow>();
    public DbSet<TaskGroupRow> TaskGroups => Set<TaskGroupRow>();
    public DbSet<RateLimitRow> RateLimits => Set<RateLimitRow>();
    public DbSet<RateLimitGrantRow> RateLimitGrants => Set<RateLimitGrantRow>();
    public DbSet<JournalRow> Journal => Set<JournalRow>();
    public DbSet<ActivityExecutionRow> ActivityExecutions => Set<ActivityExecutionRow>();
    public DbSet<ActivityLogRow> ActivityLog => Set<ActivityLogRow>();
    public DbSet<ScheduleRow> Schedules => Set<ScheduleRow>();
    public DbSet<HttpResponseRow> HttpResponses => Set<HttpResponseRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<WorkflowStatus>().HaveConversion<string>();
        configurationBuilder.Properties<WorkflowSubStatus>().HaveConversion<string>();
        configurationBuilder.Properties<BookmarkKind>().HaveConversion<string>();
        configurationBuilder.Properties<WorkItemKind>().HaveConversion<string>();
        configurationBuilder.Properties<TaskState>().HaveConversion<string>();
        configurationBuilder.Properties<ActivityExecutionStatus>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DefinitionVersionRow>().ToTable("definition_versions");
        modelBuilder.Entity<InstanceRow>().ToTable("instances");
        modelBuilder.Entity<BookmarkRow>().ToTable("bookmarks");
        modelBuilder.Entity<WorkItemRow>().ToTable("work_items");
        modelBuilder.Entity<TaskRow>().ToTable("tasks");
        modelBuilder.Entity<TaskGroupRow>().ToTable("task_groups");
        modelBuilder.Entity<RateLimitRow>().ToTable("rate_limits").HasKey(x => x.Name);
        modelBuilder.Entity<RateLimitGrantRow>().ToTable("rate_limit_grants").Property(x => x.Id).ValueGeneratedOnAdd();
        modelBuilder.Entity<JournalRow>().ToTable("journal").Property(x => x.Position).ValueGeneratedOnAdd();
        modelBuilder.Entity<ActivityExecutionRow>().ToTable("activity_executions");
        modelBuilder.Entity<ActivityLogRow>().ToTable("activity_log").Property(x => x.Id).ValueGeneratedOnAdd();
        modelBuilder.Entity<ScheduleRow>().ToTable("schedules").HasKey(x => x.ScheduleKey);
        modelBuilder.Entity<HttpResponseRow>().ToTable("http_responses").HasKey(x => x.InstanceId);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}

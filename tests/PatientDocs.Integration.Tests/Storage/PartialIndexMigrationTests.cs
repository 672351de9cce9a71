using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>
/// Migration 13 narrows the indexes of tasks, work items, bookmarks and instances to the rows their queries ask for. A
/// database written by version 12 keeps every row, its pending tasks and Start items are still found, and the indexes
/// that replace the old ones hold only what their condition names; one subclass per store.
/// </summary>
public abstract class PartialIndexMigrationTests
{
    protected abstract StoreOptions Options { get; }

    /// <summary>The definition of the named index as the database reports it, or null when there is none.</summary>
    protected abstract string IndexDefinitionSql(string name);

    [StoreFact]
    public async Task Migrate_ADatabaseOfVersion12_KeepsItsRows_AndNarrowsTheIndexesToWhatIsAskedFor()
    {
        var seed = OlderSchema.InsertTask("t-pending", "Pending") + OlderSchema.InsertTask("t-done", "Completed") +
            "INSERT INTO work_items (id, instance_id, kind, available_at, created_at) VALUES ('w-start', 'i1', 'Start', 5, 5), ('w-resume', 'i1', 'Resume', 6, 6);";
        await OlderSchema.MigrateFromAsync(Options, 12, seed, async (applied, connectionAfter) =>
        {
            Assert.Contains(13, applied);
            Assert.Equal(2L, await OlderSchema.ScalarAsync(connectionAfter, "SELECT COUNT(*) FROM tasks"));
            Assert.Equal("t-pending", await OlderSchema.ScalarAsync(connectionAfter, "SELECT id FROM tasks WHERE state = 'Pending' AND queue = 'q'"));
            Assert.Equal("w-start", await OlderSchema.ScalarAsync(connectionAfter, "SELECT id FROM work_items WHERE kind = 'Start' AND available_at <= 10"));

            Assert.Null(await OlderSchema.ScalarAsync(connectionAfter, IndexDefinitionSql("ix_tasks_ready")));
            Assert.Null(await OlderSchema.ScalarAsync(connectionAfter, IndexDefinitionSql("ix_work_items_available")));
            foreach (var (index, condition) in new[]
            {
            ("ix_tasks_due", "Running"),
            ("ix_tasks_group", "group_id IS NOT NULL"),
            ("ix_work_items_start", "Start"),
            ("ix_bookmarks_lookup", "Event"),
            ("ix_instances_correlation", "correlation_id IS NOT NULL"),
            ("ix_instances_parent", "parent_instance_id IS NOT NULL"),
        })
            {
                var definition = Assert.IsType<string>(await OlderSchema.ScalarAsync(connectionAfter, IndexDefinitionSql(index)));
                Assert.Contains("WHERE", definition, StringComparison.OrdinalIgnoreCase);
                Assert.Contains(condition, definition, StringComparison.OrdinalIgnoreCase);
            }
        });
    }
}

public sealed class SqlitePartialIndexMigrationTests : PartialIndexMigrationTests, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"pd-partial-{Guid.NewGuid():N}");

    protected override StoreOptions Options => new() { Provider = StoreProvider.Sqlite, DataFolder = folder };

    protected override string IndexDefinitionSql(string name) => $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{name}'";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[RequiresPostgres]
public sealed class PostgresPartialIndexMigrationTests(PostgresDatabase database) : PartialIndexMigrationTests, IClassFixture<PostgresDatabase>
{
    protected override StoreOptions Options => new() { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString };

    protected override string IndexDefinitionSql(string name) => $"SELECT indexdef FROM pg_indexes WHERE indexname = '{name}'";
}

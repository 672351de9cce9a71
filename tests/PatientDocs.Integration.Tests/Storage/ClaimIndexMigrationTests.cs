using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>
/// Migration 14 adds the claim's index over live tasks, in the claim's order. A database of version 13 gains it, and a
/// claim on the migrated database takes its due tasks in priority and age order, an expired lease's task among them and
/// a task not yet due skipped; one subclass per store.
/// </summary>
public abstract class ClaimIndexMigrationTests
{
    protected abstract StoreOptions Options { get; }

    /// <summary>The definition of the named index as the database reports it, or null when there is none.</summary>
    protected abstract string IndexDefinitionSql(string name);

    [StoreFact]
    public async Task Migrate_ADatabaseOfVersion13_AddsTheClaimIndex_AndAClaimTakesTasksInItsOrder()
    {
        // Times are Unix milliseconds. "t-orphan" runs under a lease that expired at 100; "t-later" is not due until 10,000.
        var seed = OlderSchema.InsertTask("t-old", "Pending", createdAt: 10) + OlderSchema.InsertTask("t-urgent", "Pending", priority: 5, createdAt: 30) +
            OlderSchema.InsertTask("t-orphan", "Running", createdAt: 20) + OlderSchema.InsertTask("t-later", "Pending", priority: 9, createdAt: 5, notBefore: 10_000) +
            OlderSchema.InsertTask("t-done", "Completed", createdAt: 1) + "UPDATE tasks SET lease_owner = 'gone', lease_expires_at = 100 WHERE id = 't-orphan';";
        await OlderSchema.MigrateFromAsync(Options, 13, seed, async (applied, connectionAfter) =>
        {
            Assert.Equal(14, applied.Min());
            var definition = Assert.IsType<string>(await OlderSchema.ScalarAsync(connectionAfter, IndexDefinitionSql("ix_tasks_claim")));
            Assert.Contains("Pending", definition, StringComparison.Ordinal);
            Assert.Contains("Running", definition, StringComparison.Ordinal);
        });

        await using var services = new ServiceCollection().AddPatientDocsPersistence(Options).BuildServiceProvider();
        var store = services.GetRequiredService<IWorkflowStore>();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1000);
        var claimed = await store.ClaimTasksAsync(new ClaimRequest { Queues = ["q"], Owner = "node", Now = now, LeaseDuration = TimeSpan.FromSeconds(30), MaxTasks = 10 });

        Assert.Equal(["t-urgent", "t-old", "t-orphan"], claimed.Tasks.Select(t => t.Id));
    }
}

public sealed class SqliteClaimIndexMigrationTests : ClaimIndexMigrationTests, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"pd-claim-index-{Guid.NewGuid():N}");

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
public sealed class PostgresClaimIndexMigrationTests(PostgresDatabase database) : ClaimIndexMigrationTests, IClassFixture<PostgresDatabase>
{
    protected override StoreOptions Options => new() { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString };

    protected override string IndexDefinitionSql(string name) => $"SELECT indexdef FROM pg_indexes WHERE indexname = '{name}'";
}

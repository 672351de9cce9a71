using System.Data.Common;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Persistence;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>
/// Migration 11 takes the indexes no query used off the journal and the activity log. A database written by version 10
/// keeps every record at its position, and a position handed out before (here: one whose record was deleted since) is
/// never handed out again; one subclass per store.
/// </summary>
public abstract class LeanJournalMigrationTests
{
    protected abstract StoreOptions Options { get; }

    protected abstract string IndexCountSql(string name);

    [StoreFact]
    public async Task Migrate_AJournalWrittenByVersion10_KeepsItsPositions_AndNeverReusesOne()
    {
        await OlderSchema.MigrateFromAsync(Options, 10, Insert("j1") + Insert("j2") + Insert("j3") + "DELETE FROM journal WHERE id = 'j3';", async (applied, connectionAfter) =>
        {
            Assert.Contains(11, applied);
            Assert.Equal([(1L, "j1"), (2L, "j2")], await PositionsAsync(connectionAfter));
            // The same id twice is accepted now (ids are never looked up), and the next position is past the deleted one.
            await OlderSchema.ExecuteAsync(connectionAfter, Insert("j1"));
            Assert.Equal([(1L, "j1"), (2L, "j2"), (4L, "j1")], await PositionsAsync(connectionAfter));
            Assert.Equal(0L, await OlderSchema.ScalarAsync(connectionAfter, IndexCountSql("ix_journal_instance")));
            Assert.Equal(0L, await OlderSchema.ScalarAsync(connectionAfter, IndexCountSql("ix_activity_log_timestamp")));
            Assert.Equal(1L, await OlderSchema.ScalarAsync(connectionAfter, IndexCountSql("ix_journal_instance_position")));
        });
    }

    private static string Insert(string id) =>
        "INSERT INTO journal (id, instance_id, activity_id, activity_type, activity_type_version, node_id, timestamp, sequence, event_name) " +
        $"VALUES ('{id}', 'i1', 'a1', 'T', 1, 'n1', 0, 0, 'Started');";

    private static async Task<List<(long, string)>> PositionsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, id FROM journal ORDER BY position";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1)));
        }

        return rows;
    }
}

public sealed class SqliteLeanJournalMigrationTests : LeanJournalMigrationTests, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"pd-lean-{Guid.NewGuid():N}");

    protected override StoreOptions Options => new() { Provider = StoreProvider.Sqlite, DataFolder = folder };

    protected override string IndexCountSql(string name) => $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{name}'";

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
public sealed class PostgresLeanJournalMigrationTests(PostgresDatabase database) : LeanJournalMigrationTests, IClassFixture<PostgresDatabase>
{
    protected override StoreOptions Options => new() { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString };

    protected override string IndexCountSql(string name) => $"SELECT COUNT(*) FROM pg_indexes WHERE indexname = '{name}'";
}

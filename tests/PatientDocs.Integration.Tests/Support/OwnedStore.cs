using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>A fresh, empty store of one kind for one test, and what it takes to throw it away afterwards.</summary>
public sealed class OwnedStore : IAsyncDisposable
{
    private readonly ServiceProvider? _provider;
    private readonly string? _folder;

    private OwnedStore(IWorkflowStore store, ServiceProvider? provider, string? folder)
    {
        Store = store;
        _provider = provider;
        _folder = folder;
    }

    public IWorkflowStore Store { get; }

    public static Task<OwnedStore> InMemoryAsync() => Task.FromResult(new OwnedStore(new InMemoryWorkflowStore(), null, null));

    public static async Task<OwnedStore> SqliteAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pd-store-{Guid.NewGuid():N}");
        var provider = await MigratedAsync(new StoreOptions { Provider = StoreProvider.Sqlite, DataFolder = folder });
        return new OwnedStore(provider.GetRequiredService<IWorkflowStore>(), provider, folder);
    }

    /// <summary>The test class's database (one per class), emptied: every table but the schema version is truncated.</summary>
    public static async Task<OwnedStore> PostgresAsync(PostgresDatabase database)
    {
        // The runtime tests drive a manual clock, so the windows count on the caller's time, not the database's.
        var provider = await MigratedAsync(new StoreOptions { Provider = StoreProvider.PostgreSql, ConnectionString = database.ConnectionString, LimitsOnDatabaseClock = false });
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            DO $$ DECLARE tables text;
            BEGIN
              SELECT string_agg(quote_ident(tablename), ', ') INTO tables FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version';
              IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables; END IF;
            END $$;
            """,
            connection);
        await command.ExecuteNonQueryAsync();
        await GuardJournalWritersAsync(connection);
        return new OwnedStore(provider.GetRequiredService<IWorkflowStore>(), provider, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// Every PostgreSQL test on this store also checks the rule the progress feed's stable head rests on: a transaction has
    /// its id before it takes a journal position (each writer locks or writes its instance row first). A writer whose first
    /// write were the journal insert would take the position while invisible to the feed's mark, which could then pass it
    /// for good. The trigger runs after the position's default is drawn and before the row is written, so it sees exactly
    /// that moment. (It can miss the odd case: the sequence itself gives its transaction an id once every 32 draws.)
    /// </summary>
    private static async Task GuardJournalWritersAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            CREATE OR REPLACE FUNCTION test_journal_requires_xid() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF pg_current_xact_id_if_assigned() IS NULL THEN
                RAISE EXCEPTION 'journal position % (% of instance %) was taken before its transaction had an id', NEW.position, NEW.event_name, NEW.instance_id;
              END IF;
              RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER test_journal_requires_xid BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION test_journal_requires_xid();
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<ServiceProvider> MigratedAsync(StoreOptions options)
    {
        var provider = new ServiceCollection().AddPatientDocsPersistence(options).BuildServiceProvider();
        await provider.GetRequiredService<StoreMigrator>().MigrateAsync();
        return provider;
    }
}

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

    private static async Task<ServiceProvider> MigratedAsync(StoreOptions options)
    {
        var provider = new ServiceCollection().AddPatientDocsPersistence(options).BuildServiceProvider();
        await provider.GetRequiredService<StoreMigrator>().MigrateAsync();
        return provider;
    }
}

using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Persistence;
using PatientDocs.Persistence.Migrations;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>Helpers of the migration tests: a database left at an older schema version, and plain statements on it.</summary>
internal static class OlderSchema
{
    /// <summary>
    /// Leaves a new database at <paramref name="version"/> with <paramref name="seed"/> in it, runs the migrator as a node
    /// would, and hands the versions it applied and a connection to the migrated database to <paramref name="check"/>.
    /// </summary>
    public static async Task MigrateFromAsync(StoreOptions options, int version, string seed, Func<IReadOnlyList<int>, DbConnection, Task> check)
    {
        await using var services = new ServiceCollection().AddPatientDocsPersistence(options).BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<PatientDocsDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await ApplyUpToAsync(connection, options.Provider, version);
            await ExecuteAsync(connection, seed);
        }

        var applied = await services.GetRequiredService<StoreMigrator>().MigrateAsync();
        await using var after = await factory.CreateDbContextAsync();
        var migrated = after.Database.GetDbConnection();
        await migrated.OpenAsync();
        await check(applied, migrated);
    }

    /// <summary>Applies the store's scripts up to <paramref name="version"/> and records each, as that build's migrator would have.</summary>
    private static async Task ApplyUpToAsync(DbConnection connection, StoreProvider provider, int version)
    {
        foreach (var script in StoreMigrator.LoadScripts(provider).Where(s => s.Version <= version))
        {
            await ExecuteAsync(connection, script.Sql);
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL); " +
                $"INSERT INTO schema_version (version, name, applied_at) VALUES ({script.Version}, '{script.Name}', 0);");
        }
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row: integers as long (providers differ), NULL or no row as null.</summary>
    public static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : value is int or long ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : value;
    }

    /// <summary>An INSERT of a task in queue "q" with only the columns every version has; times are Unix milliseconds.</summary>
    public static string InsertTask(string id, string state, int priority = 0, long createdAt = 0, long? notBefore = null) =>
        "INSERT INTO tasks (id, queue, handler, instance_id, activity_id, idempotency_key, priority, weight, state, attempts, not_before, input, created_at) " +
        $"VALUES ('{id}', 'q', 'h', 'i1', 'a1', '{id}', {priority}, 0, '{state}', 0, {notBefore ?? createdAt}, '{{}}', {createdAt});";
}

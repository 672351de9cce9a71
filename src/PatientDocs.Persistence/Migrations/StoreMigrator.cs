using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence.Schema;
using PatientDocs.Persistence.Store;

namespace PatientDocs.Persistence.Migrations;

/// <summary>
/// Applies the embedded SQL scripts of the provider in order, each recorded in <c>schema_version</c>, then each module's
/// (<see cref="ModuleSchema"/>) in its own version table. All pending scripts run in one transaction; on PostgreSQL an
/// advisory lock makes concurrent starts wait, on SQLite BEGIN IMMEDIATE does.
/// </summary>
public sealed class StoreMigrator(
    IDbContextFactory<PatientDocsDbContext> contextFactory, StoreOptions options, TimeProvider timeProvider, IEnumerable<ModuleSchema> modules)
{
    // Any constant shared by every PatientDocs process; "PDOCMIGR" as bytes.
    private const long AdvisoryLockKey = 0x50444F434D494752;

    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>Returns the versions it applied (empty when the schema was already current).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var scripts = LoadScripts(options.Provider);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (options.Provider == StoreProvider.Sqlite)
        {
            // WAL lets readers run beside the single writer; the setting is stored in the file.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }

        using var writer = options.Provider == StoreProvider.Sqlite ? await SqliteWriterLock.AcquireAsync(options, cancellationToken) : null;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (options.Provider == StoreProvider.PostgreSql)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", cancellationToken);
        }

        var done = await ApplyAsync(connection, transaction, "schema_version", scripts, cancellationToken);
        foreach (var module in modules)
        {
            await ApplyAsync(connection, transaction, module.VersionTable, LoadScripts(options.Provider, module.Assembly), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    /// <summary>Runs the scripts <paramref name="versionTable"/> does not list yet, recording each; returns their versions.</summary>
    private async Task<List<int>> ApplyAsync(
        DbConnection connection, DbTransaction transaction, string versionTable, IReadOnlyList<Script> scripts, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {versionTable} (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL);",
            cancellationToken);
        var applied = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT version FROM {versionTable}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<int>();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {versionTable} (version, name, applied_at) VALUES (@version, @name, @appliedAt)";
            AddParameter(record, "@version", script.Version);
            AddParameter(record, "@name", script.Name);
            AddParameter(record, "@appliedAt", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            done.Add(script.Version);
        }

        return done;
    }

    /// <summary>The provider's scripts, ordered by the number that starts each file name (<c>0001_initial.sql</c>); the engine's unless another assembly is named.</summary>
    public static IReadOnlyList<Script> LoadScripts(StoreProvider provider, Assembly? assembly = null)
    {
        assembly ??= typeof(StoreMigrator).Assembly;
        var prefix = $"Migrations/{(provider == StoreProvider.Sqlite ? "Sqlite" : "Postgres")}/";
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var digits = new string(name.TakeWhile(char.IsDigit).ToArray());
            if (!int.TryParse(digits, out var version))
            {
                throw new InvalidOperationException($"Migration script {resource} does not start with a version number.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(version, name, reader.ReadToEnd()));
        }

        return scripts.OrderBy(s => s.Version).ToList();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence.Schema;
using PatientDocs.Persistence.Store;

namespace PatientDocs.Persistence.Migrations;

/// <summary>
/// Applies the embedded SQL scripts of the provider in order, each recorded in <c>schema_version</c>, then each module's
/// (<see cref="ModuleSchema"/>) in its own version table. All pending scripts run in one transaction; on PostgreSQL an
/// advisory lock makes concurrent starts wait, on SQLite BEGIN IMMEDIATE does. A database that lists a version this build
/// does not know was migrated by a newer PatientDocs: nothing is applied and <see cref="StoreSchemaException"/> is thrown.
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

    /// <summary>
    /// Changes nothing: throws <see cref="StoreSchemaException"/> unless the database has exactly the versions this build
    /// knows, for a node that leaves migrating to a separate step (<c>PatientDocs.Server migrate</c>).
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        var tables = new List<(string Table, IReadOnlyList<Script> Scripts)> { ("schema_version", LoadScripts(options.Provider)) };
        tables.AddRange(modules.Select(m => (m.VersionTable, LoadScripts(options.Provider, m.Assembly))));
        foreach (var (table, scripts) in tables)
        {
            var applied = await AppliedAsync(connection, null, table, tableMayBeMissing: true, cancellationToken);
            ThrowIfUnknown(table, applied, scripts);
            var missing = scripts.Select(s => s.Version).Where(v => !applied.Contains(v)).ToList();
            if (missing.Count > 0)
            {
                throw new StoreSchemaException(
                    $"The database's {table} lacks version(s) {string.Join(", ", missing)} that this build needs. Run the migration first " +
                    "(`dotnet PatientDocs.Server.dll migrate`, the chart's migration job) or set PatientDocs:Store:MigrateOnStart=true.");
            }
        }
    }

    private static void ThrowIfUnknown(string versionTable, HashSet<int> applied, IReadOnlyList<Script> scripts)
    {
        var unknown = applied.Except(scripts.Select(s => s.Version)).Order().ToList();
        if (unknown.Count > 0)
        {
            throw new StoreSchemaException(
                $"The database's {versionTable} lists version(s) {string.Join(", ", unknown)} that this build does not know (it knows up to " +
                $"{(scripts.Count == 0 ? 0 : scripts[^1].Version)}): a newer PatientDocs migrated it. Run that version or a later one; this one refuses to start.");
        }
    }

    private static async Task<HashSet<int>> AppliedAsync(
        DbConnection connection, DbTransaction? transaction, string versionTable, bool tableMayBeMissing, CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version FROM {versionTable}";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        catch (DbException) when (tableMayBeMissing)
        {
            // No version table yet: an empty database, every script missing.
        }

        return applied;
    }

    /// <summary>Runs the scripts <paramref name="versionTable"/> does not list yet, recording each; returns their versions.</summary>
    private async Task<List<int>> ApplyAsync(
        DbConnection connection, DbTransaction transaction, string versionTable, IReadOnlyList<Script> scripts, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {versionTable} (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL);",
            cancellationToken);
        var applied = await AppliedAsync(connection, transaction, versionTable, tableMayBeMissing: false, cancellationToken);
        ThrowIfUnknown(versionTable, applied, scripts);
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

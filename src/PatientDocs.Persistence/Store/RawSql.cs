using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// Hot-path statements run as plain commands on the context's connection and transaction. EF's query pipeline (expression
/// funcletizing, the compiled-query cache lookup, the shaper) costs more CPU than SQLite spends running these statements;
/// rows are read back with the column mapping of the EF model, so the two cannot drift apart.
/// </summary>
internal static class RawSql
{
    public static async Task<int> ExecuteAsync(DbContext db, string sql, SqlArguments? args, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, sql, args, cancellationToken);
        return await command.Command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows of a mapped entity; the statement's columns are matched to the entity's by name, others are ignored.</summary>
    public static async Task<List<TRow>> QueryRowsAsync<TRow>(DbContext db, string sql, SqlArguments? args, CancellationToken cancellationToken)
        where TRow : class, new()
    {
        await using var command = await CreateCommandAsync(db, sql, args, cancellationToken);
        await using var reader = await command.Command.ExecuteReaderAsync(cancellationToken);
        return await ReadRowsAsync<TRow>(db, reader, cancellationToken);
    }

    /// <summary>The rows of the reader's current result set as a mapped entity (see <see cref="QueryRowsAsync{TRow}"/>).</summary>
    public static async Task<List<TRow>> ReadRowsAsync<TRow>(DbContext db, DbDataReader reader, CancellationToken cancellationToken)
        where TRow : class, new()
    {
        var columns = RowMapper.For<TRow>(db).Bind(reader);
        var rows = new List<TRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new TRow();
            RowMapper.Fill(reader, columns, row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Runs statements whose answers are all needed before the next step, in the order given: each query's rows are handed
    /// to its reader; a statement without one (an UPDATE) only runs. One round trip on PostgreSQL, one statement after
    /// another on SQLite (in-process, nothing to save). Returns the rows each statement affected (-1 for queries).
    /// </summary>
    public static async Task<int[]> QueryBatchAsync(DbContext db, IReadOnlyList<(string Sql, SqlArguments? Args, Func<DbDataReader, Task>? Read)> statements, CancellationToken cancellationToken)
    {
        var affected = new int[statements.Count];
        var connection = db.Database.GetDbConnection();
        if (!connection.CanCreateBatch)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                var (sql, args, read) = statements[i];
                await using var command = await CreateCommandAsync(db, sql, args, cancellationToken);
                if (read is null)
                {
                    affected[i] = await command.Command.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }

                await using var single = await command.Command.ExecuteReaderAsync(cancellationToken);
                await read(single);
                affected[i] = -1;
            }

            return affected;
        }

        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (sql, args, _) in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            foreach (var parameter in args?.Parameters ?? [])
            {
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        // The reader's result sets are the queries' alone: statements that return no rows have none.
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            var first = true;
            foreach (var read in statements.Select(s => s.Read).OfType<Func<DbDataReader, Task>>())
            {
                if (!first && !await reader.NextResultAsync(cancellationToken))
                {
                    throw new InvalidOperationException("The batch returned fewer result sets than it had queries.");
                }

                first = false;
                await read(reader);
            }
        }

        for (var i = 0; i < affected.Length; i++)
        {
            affected[i] = batch.BatchCommands[i].RecordsAffected;
        }

        return affected;
    }

    public static async Task<List<T>> QueryAsync<T>(DbContext db, string sql, SqlArguments? args, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, sql, args, cancellationToken);
        await using var reader = await command.Command.ExecuteReaderAsync(cancellationToken);
        var values = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(read(reader));
        }

        return values;
    }

    /// <summary>A nullable 64-bit integer column (SQLite hands back every integer as long, PostgreSQL as its declared type).</summary>
    public static long? Int64OrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A command for the statement: the writer's prepared one on SQLite (kept when the caller is done), else a new one.</summary>
    private static async Task<LeasedCommand> CreateCommandAsync(DbContext db, string sql, SqlArguments? args, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            // Through EF, so the connection's interceptors run and the context closes it when disposed.
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var cache = SqliteStatementCache.For(connection);
        var command = cache?.Get(sql) ?? connection.CreateCommand();
        if (cache is null)
        {
            command.CommandText = sql;
        }

        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (args is not null)
        {
            args.BindTo(command);
        }
        else
        {
            command.Parameters.Clear();
        }

        return new LeasedCommand(command, Cached: cache is not null);
    }

    private readonly record struct LeasedCommand(DbCommand Command, bool Cached) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (!Cached)
            {
                return Command.DisposeAsync();
            }

            SqliteStatementCache.Release(Command);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RowMapper
    {
        private static readonly ConcurrentDictionary<Type, RowMapper> Cache = new();

        private readonly Dictionary<string, Column> byName;

        private RowMapper(Microsoft.EntityFrameworkCore.Metadata.IEntityType entity)
        {
            byName = new Dictionary<string, Column>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in entity.GetProperties())
            {
                var info = property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} is not a CLR property.");
                var converter = property.GetTypeMapping().Converter;
                var providerType = converter?.ProviderClrType ?? property.ClrType;
                byName[property.GetColumnName()] = new Column(info, Nullable.GetUnderlyingType(providerType) ?? providerType, converter?.ConvertFromProvider);
            }
        }

        public static RowMapper For<TRow>(DbContext db) =>
            Cache.GetOrAdd(typeof(TRow), type => new RowMapper(db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.")));

        public Column?[] Bind(DbDataReader reader)
        {
            var columns = new Column?[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = byName.GetValueOrDefault(reader.GetName(i));
            }

            return columns;
        }

        public static void Fill(DbDataReader reader, Column?[] columns, object row)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                if (columns[i] is not { } column || reader.IsDBNull(i))
                {
                    continue;
                }

                var value = reader.GetValue(i);
                if (value.GetType() != column.ProviderType)
                {
                    value = Convert.ChangeType(value, column.ProviderType, CultureInfo.InvariantCulture);
                }

                column.Property.SetValue(row, column.FromProvider is null ? value : column.FromProvider(value));
            }
        }
    }

    private sealed record Column(PropertyInfo Property, Type ProviderType, Func<object?, object?>? FromProvider);
}

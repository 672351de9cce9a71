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
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows of a mapped entity; the statement's columns are matched to the entity's by name, others are ignored.</summary>
    public static async Task<List<TRow>> QueryRowsAsync<TRow>(DbContext db, string sql, SqlArguments? args, CancellationToken cancellationToken)
        where TRow : class, new()
    {
        var mapping = RowMapper.For<TRow>(db);
        await using var command = await CreateCommandAsync(db, sql, args, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = mapping.Bind(reader);
        var rows = new List<TRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new TRow();
            RowMapper.Fill(reader, columns, row);
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<List<T>> QueryAsync<T>(DbContext db, string sql, SqlArguments? args, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, sql, args, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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

    private static async Task<DbCommand> CreateCommandAsync(DbContext db, string sql, SqlArguments? args, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            // Through EF, so the connection's interceptors run and the context closes it when disposed.
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (args is not null)
        {
            foreach (var parameter in args.Parameters)
            {
                command.Parameters.Add(parameter);
            }
        }

        return command;
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

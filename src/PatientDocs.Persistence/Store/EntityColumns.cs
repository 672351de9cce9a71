using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PatientDocs.Persistence.Store;

/// <summary>
/// A mapped entity's table, columns and provider values, read once from the EF model: rows written as one plain INSERT
/// instead of through change tracking, which a burst's commit cannot afford inside SQLite's single-writer lock. Columns
/// the database generates (an identity key) are left out, as SaveChanges leaves them out.
/// </summary>
internal sealed class EntityColumns
{
    private static readonly ConcurrentDictionary<Type, EntityColumns> Cache = new();

    private readonly IReadOnlyList<(System.Reflection.PropertyInfo Property, Func<object?, object?>? ToProvider)> values;

    private EntityColumns(IEntityType entity)
    {
        Table = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table.");
        var written = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToList();
        Columns = [.. written.Select(p => p.GetColumnName())];
        values = [.. written.Select(p => (p.PropertyInfo ?? throw new InvalidOperationException($"{p.Name} is not a CLR property."), p.GetTypeMapping().Converter?.ConvertToProvider))];
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName()).ToList();
        Upsert = $" ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET " +
            string.Join(", ", Columns.Except(keys).Select(c => $"{c} = excluded.{c}"));
    }

    public string Table { get; }

    public string[] Columns { get; }

    /// <summary>The suffix that turns the INSERT into an upsert on the primary key (SQLite and PostgreSQL alike).</summary>
    public string Upsert { get; }

    public static EntityColumns For<TRow>(DbContext db) =>
        Cache.GetOrAdd(typeof(TRow), type => new EntityColumns(db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.")));

    public object?[] Values(object row)
    {
        var result = new object?[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (property, toProvider) = values[i];
            var value = property.GetValue(row);
            result[i] = value is not null && toProvider is not null ? toProvider(value) : value;
        }

        return result;
    }
}

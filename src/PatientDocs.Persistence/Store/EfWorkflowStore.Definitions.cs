using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task<WorkflowDefinition?> FindDefinitionAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var args = new SqlArguments(db.Database.GetDbConnection());
            var sql = NewestMatchingVersionSql("*", args, definitionId, versionOptions);
            var row = (await RawSql.QueryRowsAsync<DefinitionVersionRow>(db, sql, args, cancellationToken)).FirstOrDefault();
            return row is null ? null : RowMapping.ToDefinition(row);
        }, cancellationToken);

    public Task<WorkflowDefinition?> FindDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var args = new SqlArguments(db.Database.GetDbConnection());
            var sql = $"SELECT * FROM definition_versions WHERE id = {args.Add(versionId)}";
            var row = (await RawSql.QueryRowsAsync<DefinitionVersionRow>(db, sql, args, cancellationToken)).FirstOrDefault();
            return row is null ? null : RowMapping.ToDefinition(row);
        }, cancellationToken);

    public Task<string?> FindDefinitionVersionIdAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var args = new SqlArguments(db.Database.GetDbConnection());
            var sql = NewestMatchingVersionSql("id", args, definitionId, versionOptions);
            return (await RawSql.QueryAsync(db, sql, args, r => r.GetString(0), cancellationToken)).FirstOrDefault();
        }, cancellationToken);

    /// <summary>
    /// The newest version of a definition that <paramref name="versionOptions"/> selects, as plain SQL: every start checks
    /// it, and the LINQ form spent more CPU compiling its expression than reading. One text for both finds and for a start's
    /// check, so the id a start resolves and checks is always the version <see cref="FindDefinitionAsync"/> returns.
    /// </summary>
    private static string NewestMatchingVersionSql(string columns, SqlArguments args, string definitionId, VersionOptions versionOptions)
    {
        var definition = args.Add(definitionId);
        var condition = versionOptions.Selector switch
        {
            VersionSelector.Latest => "is_latest",
            VersionSelector.Published => "is_published",
            VersionSelector.LatestOrPublished => "(is_latest OR is_published)",
            VersionSelector.LatestAndPublished => "(is_latest AND is_published)",
            VersionSelector.Draft => "NOT is_published",
            VersionSelector.SpecificVersion => $"version = {args.Add(versionOptions.Version)}",
            _ => "1 = 1",
        };
        return $"SELECT {columns} FROM definition_versions WHERE definition_id = {definition} AND {condition} ORDER BY version DESC LIMIT 1";
    }

    public Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(DefinitionQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = WhereVersion(db.DefinitionVersions, query.VersionOptions);
            if (query.DefinitionIds is { Count: > 0 } definitionIds)
            {
                rows = rows.Where(d => definitionIds.Contains(d.DefinitionId));
            }

            if (query.Ids is { Count: > 0 } ids)
            {
                rows = rows.Where(d => ids.Contains(d.Id));
            }

            if (!string.IsNullOrWhiteSpace(query.SearchTerm))
            {
                var pattern = LikePattern(query.SearchTerm);
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(); the culture overloads do not translate.
                rows = rows.Where(d => (d.Name != null && EF.Functions.Like(d.Name.ToLower(), pattern, "\\")) || EF.Functions.Like(d.DefinitionId.ToLower(), pattern, "\\"));
#pragma warning restore CA1304, CA1311
            }

            var total = await rows.LongCountAsync(cancellationToken);
            var page = await rows.OrderBy(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version)
                .Skip(Math.Max(0, query.Page) * query.PageSize)
                .Take(query.PageSize)
                .ToListAsync(cancellationToken);
            return new PagedResult<WorkflowDefinition>(page.Select(RowMapping.ToDefinition).ToList(), total);
        }, cancellationToken);

    // The class of the two-key advisory locks that number a definition's versions ("PDDV"); the second key is the id's hash.
    // A hash shared by two ids only makes them take turns. Two-key locks never collide with the one-key ones used elsewhere.
    private const int DefinitionLockClass = 0x50444456;

    // SQLite is one process's file: an in-process lock per definition is all it needs.
    private readonly KeyedLocks definitionLocks = new();

    public async Task<IAsyncDisposable> LockDefinitionAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        if (!isPostgres)
        {
            return await definitionLocks.TakeAsync(definitionId, cancellationToken);
        }

        // A session lock on a connection of its own, held while the caller reads and writes on others.
        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0}, hashtext({1}))", [DefinitionLockClass, definitionId], cancellationToken);
            return new AdvisoryHold(db, definitionId);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private sealed class AdvisoryHold(PatientDocsDbContext db, string definitionId) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0}, hashtext({1}))", [DefinitionLockClass, definitionId], CancellationToken.None);
            }
            finally
            {
                // Should the unlock fail, the connection goes back to the pool, whose reset (or its closing) ends the lock.
                await db.DisposeAsync();
            }
        }
    }

    public Task SaveDefinitionVersionsAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var ids = versions.Select(v => v.Id).ToList();
            var existing = await db.DefinitionVersions.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
            foreach (var version in versions)
            {
                var row = RowMapping.ToRow(version);
                if (existing.TryGetValue(row.Id, out var current))
                {
                    db.Entry(current).CurrentValues.SetValues(row);
                }
                else
                {
                    db.DefinitionVersions.Add(row);
                    existing[row.Id] = row;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> DeleteDefinitionAsync(string definitionId, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.DefinitionVersions.Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken), cancellationToken);

    public Task<bool> DeleteDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default) =>
        WriteAsync(async db => await db.DefinitionVersions.Where(d => d.Id == versionId).ExecuteDeleteAsync(cancellationToken) > 0, cancellationToken);

    /// <summary>A case-insensitive "contains" pattern for LIKE over a lower-cased column, wildcards escaped.</summary>
    private static string LikePattern(string term) =>
        "%" + term.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    private static IQueryable<DefinitionVersionRow> WhereVersion(IQueryable<DefinitionVersionRow> rows, VersionOptions options) => options.Selector switch
    {
        VersionSelector.Latest => rows.Where(d => d.IsLatest),
        VersionSelector.Published => rows.Where(d => d.IsPublished),
        VersionSelector.LatestOrPublished => rows.Where(d => d.IsLatest || d.IsPublished),
        VersionSelector.LatestAndPublished => rows.Where(d => d.IsLatest && d.IsPublished),
        VersionSelector.Draft => rows.Where(d => !d.IsPublished),
        VersionSelector.SpecificVersion => rows.Where(d => d.Version == options.Version),
        _ => rows,
    };
}

using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task<bool> CreateInstancesAsync(
        IReadOnlyList<InstanceRecord> instances,
        IReadOnlyList<WorkItemRecord> workItems,
        IReadOnlyList<StartVersion>? versions = null,
        CancellationToken cancellationToken = default) =>
        WriteStartAsync(versions ?? [], (db, batch) => InsertInstancesAsync(db, instances, workItems, cancellationToken, batch), cancellationToken);

    /// <summary>
    /// Writes a start's rows, added to the batch by <paramref name="insert"/>, if each version is still the one its options
    /// select. One batch: on PostgreSQL the check is a statement ahead of the INSERTs that raises when the version was
    /// replaced, rolling them back; on SQLite it is a read in the writer's transaction before them.
    /// </summary>
    private async Task<bool> WriteStartAsync(IReadOnlyList<StartVersion> versions, Func<PatientDocsDbContext, StatementBatch, Task> insert, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteOneBatchAsync(async (db, batch) =>
            {
                foreach (var version in versions)
                {
                    var args = new SqlArguments(db.Database.GetDbConnection());
                    var selected = NewestMatchingVersionSql("id", args, version.DefinitionId, version.Options);
                    if (isPostgres)
                    {
                        var refusal = Refusal(StartVersionReplacedState, args, $"{version.DefinitionId} no longer selects version {version.VersionId}");
                        batch.Add($"SELECT CASE WHEN ({selected}) = {args.Add(version.VersionId)} THEN 1 ELSE {refusal} END", args);
                    }
                    else if ((await RawSql.QueryAsync(db, selected, args, r => r.GetString(0), cancellationToken)).FirstOrDefault() != version.VersionId)
                    {
                        return false;
                    }
                }

                await insert(db, batch);
                return true;
            }, cancellationToken);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == StartVersionReplacedState)
        {
            return false;
        }
    }

    /// <summary>
    /// Inserts the instances and then their work items. With <paramref name="later"/> both join the caller's batch; without,
    /// they go out together here: a dispatch's two INSERTs were two round trips before its commit.
    /// </summary>
    private async Task InsertInstancesAsync(PatientDocsDbContext db, IReadOnlyList<InstanceRecord> instances, IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken, StatementBatch? later = null)
    {
        var batch = later ?? new StatementBatch();
        await InsertRowsAsync(db, "instances", InstanceColumns, instances.Select(i => new object?[]
        {
            i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, i.Name, i.CorrelationId, i.Status.ToString(), i.SubStatus.ToString(),
            i.IncidentCount, Ms(i.CreatedAt), Ms(i.UpdatedAt), MsOrNull(i.FinishedAt), i.State, i.ParentInstanceId, i.ParentBookmarkId,
        }).ToList(), "", cancellationToken, batch);
        await InsertWorkItemsAsync(db, workItems, cancellationToken, batch);
        if (later is null)
        {
            await batch.FlushAsync(db, cancellationToken);
        }
    }

    public Task<bool> CreateLeasedInstanceAsync(
        InstanceRecord instance,
        WorkItemRecord start,
        string owner,
        DateTimeOffset leaseExpiresAt,
        StartVersion? version = null,
        CancellationToken cancellationToken = default) =>
        WriteStartAsync(version is null ? [] : [version], async (db, batch) =>
        {
            await InsertRowsAsync(db, "instances", [.. InstanceColumns, "lease_owner", "lease_expires_at"], [
            [
                instance.Id, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, instance.Name, instance.CorrelationId,
                instance.Status.ToString(), instance.SubStatus.ToString(), instance.IncidentCount, Ms(instance.CreatedAt),
                Ms(instance.UpdatedAt), MsOrNull(instance.FinishedAt), instance.State, instance.ParentInstanceId, instance.ParentBookmarkId, owner, Ms(leaseExpiresAt),
            ]], "", cancellationToken, batch);
            await InsertWorkItemsAsync(db, [start], cancellationToken, batch);
        }, cancellationToken);

    public Task<InstanceRecord?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var row = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
            return row is null ? null : RowMapping.ToRecord(row);
        }, cancellationToken);

    public Task<PagedResult<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = Filter(db.Instances, query);
            var total = await rows.LongCountAsync(cancellationToken);
            var ordered = (query.OrderBy.ToLowerInvariant(), query.Descending) switch
            {
                ("updatedat", true) => rows.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
                ("updatedat", false) => rows.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id),
                ("finishedat", true) => rows.OrderByDescending(i => i.FinishedAt).ThenByDescending(i => i.Id),
                ("finishedat", false) => rows.OrderBy(i => i.FinishedAt).ThenBy(i => i.Id),
                (_, true) => rows.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id),
                (_, false) => rows.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id),
            };
            var page = await ordered.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
            return new PagedResult<InstanceRecord>(page.Select(RowMapping.ToRecord).ToList(), total);
        }, cancellationToken);

    public Task<long> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(db => Filter(db.Instances, query).LongCountAsync(cancellationToken), cancellationToken);

    public Task<bool> DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            await db.Bookmarks.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            await db.WorkItems.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            await db.Tasks.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            await db.TaskGroups.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            await db.Journal.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            await db.ActivityExecutions.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            await db.HttpResponses.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
            return await db.Instances.Where(x => x.Id == instanceId).ExecuteDeleteAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task AddWorkItemsAsync(IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            await InsertWorkItemsAsync(db, workItems, cancellationToken);
        }, cancellationToken);

    public Task<bool> AddRetryWorkItemAsync(WorkItemRecord retry, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            // The row lock makes check-then-insert atomic against a second retry on PostgreSQL; SQLite has one writer anyway.
            var args = new SqlArguments(db.Database.GetDbConnection());
            var select = $"SELECT * FROM instances WHERE id = {args.Add(retry.InstanceId)}{(isPostgres ? " FOR UPDATE" : "")}";
            var instance = (await RawSql.QueryRowsAsync<InstanceRow>(db, select, args, cancellationToken)).FirstOrDefault();
            if (instance is null
                || instance.Status != WorkflowStatus.Running
                || instance.IncidentCount == 0
                || await db.WorkItems.AnyAsync(w => w.InstanceId == retry.InstanceId && w.Kind == WorkItemKind.Retry, cancellationToken))
            {
                return false;
            }

            await InsertWorkItemsAsync(db, [retry with { Kind = WorkItemKind.Retry }], cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Work of an instance under a lease counts from the lease's expiry: nobody else can run it before then.</summary>
    public Task<DateTimeOffset?> NextWorkItemAtAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            const string Sql = """
                SELECT MIN(CASE WHEN i.lease_owner IS NOT NULL AND i.lease_expires_at > w.available_at THEN i.lease_expires_at ELSE w.available_at END) AS "Value"
                FROM work_items w JOIN instances i ON i.id = w.instance_id
                """;
            var next = (await RawSql.QueryAsync(db, Sql, null, r => RawSql.Int64OrNull(r, 0), cancellationToken)).FirstOrDefault();
            return next is { } ms ? UnixMillisecondsConverter.FromMs(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    public Task<IReadOnlyList<BookmarkRecord>> ListBookmarksAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = await db.Bookmarks.Where(b => b.InstanceId == instanceId).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<BookmarkRecord>)rows.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<BookmarkRecord>> FindEventBookmarksAsync(string eventName, string? correlationId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = db.Bookmarks.Where(b => b.Kind == BookmarkKind.Event && b.Name == eventName);
            if (correlationId is not null)
            {
                rows = rows.Where(b => b.CorrelationId == correlationId);
            }

            var list = await rows.OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<BookmarkRecord>)list.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    private static readonly string[] InstanceColumns =
    [
        "id", "definition_id", "definition_version_id", "version", "name", "correlation_id", "status", "sub_status", "incident_count",
        "created_at", "updated_at", "finished_at", "state", "parent_instance_id", "parent_bookmark_id",
    ];

    private static readonly string[] WorkItemColumns = ["id", "instance_id", "kind", "bookmark_id", "payload", "available_at", "created_at"];

    private Task InsertWorkItemsAsync(PatientDocsDbContext db, IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken, StatementBatch? later = null) =>
        InsertRowsAsync(db, "work_items", WorkItemColumns, workItems.Select(w => new object?[]
        {
            w.Id, w.InstanceId, w.Kind.ToString(), w.BookmarkId, w.Payload, Ms(w.AvailableAt), Ms(w.CreatedAt),
        }).ToList(), "", cancellationToken, later);

    private static IQueryable<InstanceRow> Filter(IQueryable<InstanceRow> rows, InstanceQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var pattern = LikePattern(query.SearchTerm);
#pragma warning disable CA1304, CA1311 // EF translates ToLower() to SQL lower(); the culture overloads do not translate.
            rows = rows.Where(i => EF.Functions.Like(i.Id.ToLower(), pattern, "\\")
                || (i.Name != null && EF.Functions.Like(i.Name.ToLower(), pattern, "\\"))
                || (i.CorrelationId != null && EF.Functions.Like(i.CorrelationId.ToLower(), pattern, "\\"))
                || EF.Functions.Like(i.DefinitionId.ToLower(), pattern, "\\"));
#pragma warning restore CA1304, CA1311
        }

        if (query.DefinitionIds is { Count: > 0 } definitionIds)
        {
            rows = rows.Where(i => definitionIds.Contains(i.DefinitionId));
        }

        if (query.CorrelationId is { } correlationId)
        {
            rows = rows.Where(i => i.CorrelationId == correlationId);
        }

        if (query.ParentInstanceId is { } parentId)
        {
            rows = rows.Where(i => i.ParentInstanceId == parentId);
        }

        if (query.Version is { } version)
        {
            rows = rows.Where(i => i.Version == version);
        }

        if (query.HasIncidents is { } hasIncidents)
        {
            rows = hasIncidents ? rows.Where(i => i.IncidentCount > 0) : rows.Where(i => i.IncidentCount == 0);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            rows = rows.Where(i => statuses.Contains(i.Status));
        }

        if (query.SubStatuses is { Count: > 0 } subStatuses)
        {
            rows = rows.Where(i => subStatuses.Contains(i.SubStatus));
        }

        return rows;
    }
}

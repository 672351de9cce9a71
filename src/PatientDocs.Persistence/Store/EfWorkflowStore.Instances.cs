using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task CreateInstancesAsync(IReadOnlyList<InstanceRecord> instances, IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var chunk in Chunk(instances, options.BulkBatchSize))
            {
                db.Instances.AddRange(chunk.Select(RowMapping.ToRow));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            foreach (var chunk in Chunk(workItems, options.BulkBatchSize))
            {
                db.WorkItems.AddRange(chunk.Select(RowMapping.ToRow));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
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
            return await db.Instances.Where(x => x.Id == instanceId).ExecuteDeleteAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task AddWorkItemsAsync(IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            db.WorkItems.AddRange(workItems.Select(RowMapping.ToRow));
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);

    public Task<DateTimeOffset?> NextWorkItemAtAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(db => db.WorkItems.OrderBy(w => w.AvailableAt).Select(w => (DateTimeOffset?)w.AvailableAt).FirstOrDefaultAsync(cancellationToken), cancellationToken);

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

    private static IQueryable<InstanceRow> Filter(IQueryable<InstanceRow> rows, InstanceQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var pattern = LikePattern(query.SearchTerm);
            rows = rows.Where(i => EF.Functions.Like(i.Id.ToLower(), pattern, "\\")
                || (i.Name != null && EF.Functions.Like(i.Name.ToLower(), pattern, "\\"))
                || (i.CorrelationId != null && EF.Functions.Like(i.CorrelationId.ToLower(), pattern, "\\"))
                || EF.Functions.Like(i.DefinitionId.ToLower(), pattern, "\\"));
        }

        if (query.DefinitionIds is { Count: > 0 } definitionIds)
        {
            rows = rows.Where(i => definitionIds.Contains(i.DefinitionId));
        }

        if (query.CorrelationId is { } correlationId)
        {
            rows = rows.Where(i => i.CorrelationId == correlationId);
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

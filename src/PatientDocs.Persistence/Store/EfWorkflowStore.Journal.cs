using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task<PagedResult<JournalRecord>> ListJournalAsync(string instanceId, JournalFilter filter, int skip, int take, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = db.Journal.Where(j => j.InstanceId == instanceId);
            if (filter.ActivityIds is { Count: > 0 } activityIds)
            {
                rows = rows.Where(j => activityIds.Contains(j.ActivityId));
            }

            if (filter.ActivityNodeIds is { Count: > 0 } nodeIds)
            {
                rows = rows.Where(j => nodeIds.Contains(j.NodeId));
            }

            if (filter.ExcludedActivityTypes is { Count: > 0 } excluded)
            {
                rows = rows.Where(j => !excluded.Contains(j.ActivityType));
            }

            if (filter.EventNames is { Count: > 0 } eventNames)
            {
                rows = rows.Where(j => eventNames.Contains(j.EventName));
            }

            var total = await rows.LongCountAsync(cancellationToken);
            var page = await rows.OrderBy(j => j.Timestamp).ThenBy(j => j.Sequence).ThenBy(j => j.Id)
                .Skip(Math.Max(0, skip)).Take(take).ToListAsync(cancellationToken);
            return new PagedResult<JournalRecord>(page.Select(RowMapping.ToRecord).ToList(), total);
        }, cancellationToken);

    public Task<IReadOnlyList<ActivityExecutionRecord>> ListActivityExecutionsAsync(string instanceId, string? activityNodeId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = db.ActivityExecutions.Where(e => e.InstanceId == instanceId);
            if (activityNodeId is not null)
            {
                rows = rows.Where(e => e.ActivityNodeId == activityNodeId);
            }

            var list = await rows.OrderBy(e => e.StartedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<ActivityExecutionRecord>)list.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    public Task<ActivityExecutionRecord?> FindActivityExecutionAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var row = await db.ActivityExecutions.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
            return row is null ? null : RowMapping.ToRecord(row);
        }, cancellationToken);
}

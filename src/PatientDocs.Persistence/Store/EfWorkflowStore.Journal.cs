using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

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

            if (filter.ExcludedEventNames is { Count: > 0 } excludedNames)
            {
                rows = rows.Where(j => !excludedNames.Contains(j.EventName));
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

    public Task<IReadOnlyList<JournalRecord>> ReadInstanceJournalAsync(string instanceId, long afterPosition, int max, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = await db.Journal.Where(j => j.InstanceId == instanceId && j.Position > afterPosition)
                .OrderBy(j => j.Position).Take(max).ToListAsync(cancellationToken);
            return (IReadOnlyList<JournalRecord>)rows.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<JournalFeedEntry>> ReadJournalFeedAsync(long afterPosition, string? definitionId, int max, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            // A record whose instance is gone still comes back (with no definition): a reader must not take it for a gap.
            var rows = db.Journal.Where(j => j.Position > afterPosition)
                .Select(j => new { Row = j, DefinitionId = db.Instances.Where(i => i.Id == j.InstanceId).Select(i => i.DefinitionId).FirstOrDefault() });
            if (definitionId is not null)
            {
                rows = rows.Where(x => x.DefinitionId == definitionId);
            }

            var page = await rows.OrderBy(x => x.Row.Position).Take(max).ToListAsync(cancellationToken);
            return (IReadOnlyList<JournalFeedEntry>)page.Select(x => new JournalFeedEntry(RowMapping.ToRecord(x.Row), x.DefinitionId ?? "")).ToList();
        }, cancellationToken);

    public Task<long> GetJournalHeadAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async db => await db.Journal.MaxAsync(j => (long?)j.Position, cancellationToken) ?? 0, cancellationToken);

    public Task<JournalMark> MarkJournalAsync(IReadOnlyList<long> openTransactions, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            if (!isPostgres)
            {
                // SQLite has one writer at a time, so records commit in position order: the visible head is stable.
                var head = (await RawSql.QueryAsync(db, "SELECT MAX(position) FROM journal", null, r => RawSql.Int64OrNull(r, 0), cancellationToken)).Single() ?? 0;
                return new JournalMark(head, [], []);
            }

            // Two statements, in this order. The head first: a position up to it was taken by a transaction that had its id
            // already (every journal insert follows a write or lock of its instance row), so that transaction has either
            // ended by the second statement or is listed by it as running. The running ids come from the backends, not
            // from a snapshot's in-progress list: a snapshot lists only ids below its xmax, which is the latest *completed*
            // id + 1, so a transaction given its id after the last completion is running but missing from that list.
            // Transactions that cannot write this journal are left out: those of other databases, and those of backends
            // that are not client connections (autovacuum can hold an id for seconds on a busy machine). A backend whose
            // type this role may not see (it lacks pg_read_all_stats) is counted, which is safe and only slower.
            var taken = (await db.Database.SqlQueryRaw<long>(
                """SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('journal', 'position')::regclass), (SELECT MAX(position) FROM journal), 0) AS "Value" """)
                .ToListAsync(cancellationToken)).Single();
            var open = await db.Database.SqlQueryRaw<long>(
                """
                SELECT backend_xid::text::bigint AS "Value" FROM pg_stat_activity
                WHERE backend_xid IS NOT NULL AND datname = current_database() AND COALESCE(backend_type, 'client backend') = 'client backend'
                """)
                .ToListAsync(cancellationToken);

            // Ids are not reused for 2^31 transactions, so one asked about and still listed is the same transaction.
            var stillOpen = openTransactions.Intersect(open).ToList();
            return new JournalMark(taken, open, stillOpen);
        }, cancellationToken);
}

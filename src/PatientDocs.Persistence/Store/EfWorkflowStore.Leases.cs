using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    /// <summary>
    /// On PostgreSQL, how many lease batches of Start items beyond the ones wanted a lease looks at: those of instances other
    /// nodes hold (up to eight nodes, a batch each) and of instances that also had other work.
    /// </summary>
    private const int StartCandidateMargin = 16;

    public Task<IReadOnlyList<LeasedInstance>> LeaseRunnableInstancesAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            if (max <= 0)
            {
                return (IReadOnlyList<LeasedInstance>)[];
            }

            // Started instances first (finishing them feeds the limited services sooner), then new starts, oldest first; on
            // PostgreSQL rows another node is leasing right now are skipped, not waited for. Two queries, each driven by an
            // index of the due work it wants: a start storm leaves thousands of Start items due, and one query that grouped
            // every due item to rank them cost 10-20 ms of the single writer per lease.
            var skipLocked = isPostgres ? "FOR UPDATE OF i SKIP LOCKED" : "";

            // SQLite would rather read every work item in instance order to group them without sorting, and with statistics
            // it may walk every instance to find the Start items; PostgreSQL's statistics lead it to the small indexes.
            var resumeIndex = isPostgres ? "" : "INDEXED BY ix_work_items_resume";
            var startIndex = isPostgres ? "" : "INDEXED BY ix_work_items_start";
            var args = new SqlArguments(db.Database.GetDbConnection());
            var nowParameter = args.Add(Ms(now));
            var started = $"""
                SELECT i.* FROM (
                    SELECT w.instance_id AS due_id, MIN(w.available_at) AS first_due
                    FROM work_items w {resumeIndex} WHERE w.kind <> 'Start' AND w.available_at <= {nowParameter} GROUP BY w.instance_id) d
                JOIN instances i ON i.id = d.due_id
                WHERE i.lease_owner IS NULL OR i.lease_expires_at <= {nowParameter}
                ORDER BY d.first_due, i.id
                LIMIT {args.Add(max)}
                {skipLocked}
                """;
            var rows = await RawSql.QueryRowsAsync<InstanceRow>(db, started, args, cancellationToken);
            if (rows.Count < max)
            {
                // An instance that also has other work was ranked above; one with two Start items is leased once.
                var startArgs = new SqlArguments(db.Database.GetDbConnection());
                var startNow = startArgs.Add(Ms(now));
                var taken = rows.Count == 0 ? "" : $"AND i.id NOT IN ({startArgs.AddList(rows.Select(r => r.Id))})";
                var wanted = max - rows.Count;
                var fresh = isPostgres
                    // The oldest Start items are taken from the index first, a bounded number of them, and only those are
                    // joined. While a storm of starts grows the table faster than autovacuum analyses it, PostgreSQL's
                    // statistics say a handful of Start items are due and it joins and sorts all of them instead (15 ms
                    // with 5000 due, against 2 ms this way). Leased instances keep their Start item until their burst
                    // commits; the bound leaves room for every node's lease batch ahead of the free ones.
                    ? $"""
                        SELECT i.* FROM (
                            SELECT instance_id, available_at FROM work_items
                            WHERE kind = 'Start' AND available_at <= {startNow}
                            ORDER BY available_at
                            LIMIT {startArgs.Add(wanted + (StartCandidateMargin * max))}) w
                        JOIN instances i ON i.id = w.instance_id
                        WHERE (i.lease_owner IS NULL OR i.lease_expires_at <= {startNow}) {taken}
                        ORDER BY w.available_at
                        LIMIT {startArgs.Add(wanted)}
                        {skipLocked}
                        """
                    : $"""
                        SELECT i.* FROM work_items w {startIndex} JOIN instances i ON i.id = w.instance_id
                        WHERE w.kind = 'Start' AND w.available_at <= {startNow} AND (i.lease_owner IS NULL OR i.lease_expires_at <= {startNow}) {taken}
                        ORDER BY w.available_at
                        LIMIT {startArgs.Add(wanted)}
                        """;
                rows.AddRange((await RawSql.QueryRowsAsync<InstanceRow>(db, fresh, startArgs, cancellationToken)).DistinctBy(r => r.Id));
            }

            if (rows.Count == 0)
            {
                return (IReadOnlyList<LeasedInstance>)[];
            }

            var ids = rows.Select(r => r.Id).ToList();
            var expires = now + leaseDuration;
            var leaseArgs = new SqlArguments(db.Database.GetDbConnection());
            var lease = $"UPDATE instances SET lease_owner = {leaseArgs.Add(owner)}, lease_expires_at = {leaseArgs.Add(Ms(expires))} WHERE id IN ({leaseArgs.AddList(ids)})";
            var workItems = new List<Schema.WorkItemRow>();
            await RawSql.QueryBatchAsync(db, [(lease, leaseArgs, null), DueWorkItems(db, ids, now, workItems, cancellationToken)], cancellationToken);
            var byInstance = workItems.ToLookup(w => w.InstanceId);
            return (IReadOnlyList<LeasedInstance>)rows
                .Select(r => new LeasedInstance(RowMapping.ToRecord(r), byInstance[r.Id].Select(RowMapping.ToRecord).ToList()))
                .ToList();
        }, cancellationToken);

    public Task<LeasedInstance?> LeaseInstanceAsync(string instanceId, string owner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            // One conditional UPDATE takes the lease, so two nodes racing for the same instance cannot both win.
            var args = new SqlArguments(db.Database.GetDbConnection());
            var nowParameter = args.Add(Ms(now));
            var lease = $"UPDATE instances SET lease_owner = {args.Add(owner)}, lease_expires_at = {args.Add(Ms(now + leaseDuration))} " +
                $"WHERE id = {args.Add(instanceId)} AND (lease_owner IS NULL OR lease_expires_at <= {nowParameter})";

            // The reads go out with the lease and are thrown away if it was not taken: one round trip either way.
            var rowArgs = new SqlArguments(db.Database.GetDbConnection());
            InstanceRow? row = null;
            var workItems = new List<Schema.WorkItemRow>();
            var affected = await RawSql.QueryBatchAsync(
                db,
                [
                    (lease, args, null),
                    ($"SELECT * FROM instances WHERE id = {rowArgs.Add(instanceId)}", rowArgs,
                        async reader => row = (await RawSql.ReadRowsAsync<InstanceRow>(db, reader, cancellationToken)).SingleOrDefault()),
                    DueWorkItems(db, [instanceId], now, workItems, cancellationToken),
                ],
                cancellationToken);
            if (affected[0] == 0 || row is null)
            {
                return null;
            }

            return (LeasedInstance?)new LeasedInstance(RowMapping.ToRecord(row), workItems.Select(RowMapping.ToRecord).ToList());
        }, cancellationToken);

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string owner, IReadOnlyList<string> instanceIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var ids = instanceIds.ToList();
            var expires = now + leaseDuration;
            var args = new SqlArguments(db.Database.GetDbConnection());
            var renew = $"UPDATE instances SET lease_expires_at = {args.Add(Ms(expires))} WHERE lease_owner = {args.Add(owner)} AND id IN ({args.AddList(ids)})";
            await RawSql.ExecuteAsync(db, renew, args, cancellationToken);
            var heldArgs = new SqlArguments(db.Database.GetDbConnection());
            var heldSql = $"SELECT id FROM instances WHERE lease_owner = {heldArgs.Add(owner)} AND id IN ({heldArgs.AddList(ids)})";
            var held = await RawSql.QueryAsync(db, heldSql, heldArgs, r => r.GetString(0), cancellationToken);
            return (IReadOnlyList<string>)ids.Except(held).ToList();
        }, cancellationToken);

    public Task CommitBurstAsync(BurstCommit commit, CancellationToken cancellationToken = default) =>
        IsOneBatch(commit)
            ? WriteOneBatchAsync(async (db, batch) =>
            {
                // The burst sends its batch itself: it maps the lease's refusal, and no second batch may follow.
                await WriteBurstAsync(db, commit, batch, leaseHeld: false, cancellationToken);
                return true;
            }, cancellationToken)
            : WriteAsync(db => WriteBurstAsync(db, commit, new StatementBatch(), leaseHeld: false, cancellationToken), cancellationToken);

    /// <summary>
    /// Whether a burst's write is one batch: it has none of the rare steps that read, or go through EF, before the rest
    /// (cancelling the tasks of some bookmarks or children, re-opening retried tasks, storing an HTTP response), which
    /// <see cref="WriteBurstAsync"/> flushes ahead of them.
    /// </summary>
    private static bool IsOneBatch(BurstCommit commit) =>
        commit.CancelTasksOfBookmarkIds.Count == 0 && !commit.CancelChildren &&
        commit.CancelChildInstanceIds.Count == 0 && commit.CancelChildrenOfBookmarkIds.Count == 0 && commit.RetriedTasks.Count == 0 &&
        commit.HttpResponse is null;

    /// <summary>
    /// Writes a burst's commit in the context's transaction. Statements that need no answer join <paramref name="later"/>
    /// (which may hold the caller's own) and go out together; the rare steps that read or use EF flush them first, so the
    /// order is the one written here. <paramref name="leaseHeld"/>: the caller locked the instance's row in this transaction
    /// and found it free, so there is no lease to check, and the caller sends what is left in <paramref name="later"/> with
    /// its own statements.
    /// </summary>
    private async Task WriteBurstAsync(PatientDocsDbContext db, BurstCommit commit, StatementBatch later, bool leaseHeld, CancellationToken cancellationToken)
    {
        var r = commit.Instance;
        var args = new SqlArguments(db.Database.GetDbConnection());
        // Only what a burst can change is set, and an indexed column only when its value changed: SQLite rewrites the
        // entry of every index whose column an UPDATE sets, so setting all of them cost four pages a commit for nothing.
        var previous = commit.Previous;
        var write = "UPDATE instances SET " +
            $"definition_version_id = {args.Add(r.DefinitionVersionId)}, version = {args.Add(r.Version)}, incident_count = {args.Add(r.IncidentCount)}, " +
            $"updated_at = {args.Add(Ms(r.UpdatedAt))}, finished_at = {args.Add(MsOrNull(r.FinishedAt))}, state = {args.Add(r.State)}, " +
            $"parent_bookmark_id = {args.Add(r.ParentBookmarkId)}";
        if (previous is null || previous.Status != r.Status || previous.SubStatus != r.SubStatus)
        {
            write += $", status = {args.Add(r.Status.ToString())}, sub_status = {args.Add(r.SubStatus.ToString())}";
        }

        if (previous is null || !string.Equals(previous.CorrelationId, r.CorrelationId, StringComparison.Ordinal))
        {
            write += $", correlation_id = {args.Add(r.CorrelationId)}";
        }

        write += (commit.ReleaseLease ? ", lease_owner = NULL, lease_expires_at = NULL" : "") + $" WHERE id = {args.Add(r.Id)}" +
            (leaseHeld ? "" : $" AND lease_owner = {args.Add(commit.LeaseOwner)}");

        // The lease check and the state write are one statement, so a node that lost the lease cannot write. On SQLite the
        // first flush checks its count, and a lost lease throws, which rolls back whatever was sent with it. On PostgreSQL the
        // statement raises itself, because a burst written as one batch without BEGIN has committed by the time a count is
        // read; the error rolls the batch back.
        var raises = isPostgres && !leaseHeld;
        if (raises)
        {
            write = $"WITH written AS ({write} RETURNING 1) SELECT CASE WHEN EXISTS (SELECT 1 FROM written) THEN 1 ELSE " +
                $"{Refusal(LeaseLostState, args, $"the lease on instance {r.Id} was lost")} END";
        }

        var leaseWrite = later.Add(write, args);
        var leaseChecked = raises || leaseHeld;
        var oneBatch = isPostgres && db.Database.CurrentTransaction is null;
        var flushed = false;
        async Task FlushAsync()
        {
            if (oneBatch && flushed)
            {
                // A second batch would commit apart from the first: IsOneBatch let through a burst it should have sent to WriteAsync.
                throw new InvalidOperationException($"The burst of instance {r.Id} needs more than one batch, so it must be written in a transaction.");
            }

            flushed = true;
            int[] affected;
            try
            {
                affected = await later.FlushAsync(db, cancellationToken);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == LeaseLostState)
            {
                throw new LeaseLostException(r.Id);
            }

            if (!leaseChecked)
            {
                leaseChecked = true;
                if (affected[leaseWrite] == 0)
                {
                    throw new LeaseLostException(r.Id);
                }
            }
        }

        foreach (var batch in Chunk(commit.ConsumedWorkItemIds, 400))
        {
            var consumed = new SqlArguments(db.Database.GetDbConnection());
            later.Add($"DELETE FROM work_items WHERE instance_id = {consumed.Add(r.Id)} AND id IN ({consumed.AddList(batch)})", consumed);
        }

        foreach (var batch in Chunk(commit.RemovedBookmarkIds, 400))
        {
            var removed = new SqlArguments(db.Database.GetDbConnection());
            later.Add($"DELETE FROM bookmarks WHERE instance_id = {removed.Add(r.Id)} AND id IN ({removed.AddList(batch)})", removed);
        }

        if (commit.CancelPendingTasks)
        {
            // Every burst that finishes its instance ends what is left of it: no answer is needed, so it joins the batch.
            var cancel = new SqlArguments(db.Database.GetDbConnection());
            later.Add($"UPDATE tasks SET state = '{nameof(TaskState.Cancelled)}', completed_at = {cancel.Add(Ms(r.UpdatedAt))}, lease_owner = NULL, " +
                $"lease_expires_at = NULL WHERE instance_id = {cancel.Add(r.Id)} AND state IN ('{nameof(TaskState.Pending)}', '{nameof(TaskState.Running)}')", cancel);
            var drop = new SqlArguments(db.Database.GetDbConnection());
            later.Add($"DELETE FROM bookmarks WHERE instance_id = {drop.Add(r.Id)}", drop);
        }

        if (commit.CancelTasksOfBookmarkIds.Count > 0)
        {
            await FlushAsync();
            var bookmarkIds = commit.CancelTasksOfBookmarkIds.ToList();
            var groupIds = await db.TaskGroups.Where(g => g.InstanceId == r.Id && bookmarkIds.Contains(g.BookmarkId)).Select(g => g.Id).ToListAsync(cancellationToken);
            var cancelledAt = r.UpdatedAt;
            await db.Tasks.Where(t => t.InstanceId == r.Id && (t.State == TaskState.Pending || t.State == TaskState.Running)
                    && ((t.BookmarkId != null && bookmarkIds.Contains(t.BookmarkId)) || (t.GroupId != null && groupIds.Contains(t.GroupId))))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TaskState.Cancelled)
                    .SetProperty(t => t.CompletedAt, cancelledAt)
                    .SetProperty(t => t.LeaseOwner, (string?)null)
                    .SetProperty(t => t.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        }

        await InsertEntitiesAsync(db, commit.NewBookmarks.Select(RowMapping.ToRow).ToList(), upsert: false, cancellationToken, later);
        await InsertActivityLogAsync(db, commit.ActivityLog, later, cancellationToken);
        // A burst may report an execution twice (started, then completed): its last state is the row.
        await InsertEntitiesAsync(db, commit.ActivityExecutions.GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => g.Last()).Select(e =>
        {
            var row = new ActivityExecutionRow();
            RowMapping.CopyTo(e, row);
            return row;
        }).ToList(), upsert: true, cancellationToken, later);
        if (commit.NewInstances.Count > 0)
        {
            await InsertInstancesAsync(db, commit.NewInstances, [], cancellationToken, later);
        }

        await InsertWorkItemsAsync(db, commit.NewWorkItems, cancellationToken, later);
        if (commit.CancelChildren || commit.CancelChildInstanceIds.Count > 0 || commit.CancelChildrenOfBookmarkIds.Count > 0)
        {
            await FlushAsync();
            var all = commit.CancelChildren;
            var childIds = commit.CancelChildInstanceIds.ToList();
            var bulkIds = commit.CancelChildrenOfBookmarkIds.ToList();
            var children = await db.Instances.Where(i => i.ParentInstanceId == r.Id && i.Status != WorkflowStatus.Finished)
                .Where(i => all || childIds.Contains(i.Id) || (i.ParentBookmarkId != null && bulkIds.Contains(i.ParentBookmarkId)))
                .Select(i => i.Id).ToListAsync(cancellationToken);
            await InsertWorkItemsAsync(db, children.Select(id => new WorkItemRecord
            {
                Id = Guid.CreateVersion7(r.UpdatedAt).ToString("N"),
                InstanceId = id,
                Kind = WorkItemKind.Cancel,
                AvailableAt = r.UpdatedAt,
                CreatedAt = r.UpdatedAt,
            }).ToList(), cancellationToken, later);
        }

        await InsertTasksAsync(db, commit.NewTasks, cancellationToken, later);
        if (commit.RetriedTasks.Count > 0)
        {
            await FlushAsync();
            await ReopenOrInsertTasksAsync(db, commit.RetriedTasks, cancellationToken);
        }

        if (commit.HttpResponse is { } response)
        {
            await FlushAsync();
            await InsertHttpResponseAsync(db, r.Id, response, r.UpdatedAt, cancellationToken);
        }

        // Last, so the positions the journal takes are held for as short a time as possible before the commit.
        await InsertEntitiesAsync(db, commit.Journal.Select(RowMapping.ToRow).ToList(), upsert: false, cancellationToken, later);
        if (!leaseHeld)
        {
            await FlushAsync();
        }
    }

    /// <summary>The work items of leased instances that are due, in the order a burst consumes them, read into <paramref name="into"/>.</summary>
    private static (string Sql, SqlArguments? Args, Func<System.Data.Common.DbDataReader, Task>? Read) DueWorkItems(
        PatientDocsDbContext db, IReadOnlyList<string> instanceIds, DateTimeOffset now, List<Schema.WorkItemRow> into, CancellationToken cancellationToken)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        var sql = $"SELECT * FROM work_items WHERE instance_id IN ({args.AddList(instanceIds)}) AND available_at <= {args.Add(Ms(now))} " +
            "ORDER BY available_at, created_at, id";
        return (sql, args, async reader => into.AddRange(await RawSql.ReadRowsAsync<Schema.WorkItemRow>(db, reader, cancellationToken)));
    }
}

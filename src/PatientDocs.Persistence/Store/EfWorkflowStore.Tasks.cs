using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    /// <summary>Multi-row INSERT texts by shape; the tables, column lists and suffixes are the store's own, so they are few.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<InsertShape, string> InsertTexts = new();

    private static readonly string[] TaskColumns =
    [
        "id", "queue", "handler", "instance_id", "activity_id", "idempotency_key", "bookmark_id", "group_id", "priority", "weight",
        "state", "attempts", "not_before", "deadline", "lease_owner", "lease_expires_at", "permit_granted_at", "input", "result",
        "error", "created_at", "completed_at", "units",
    ];

    public Task<ClaimResult> ClaimTasksAsync(ClaimRequest request, CancellationToken cancellationToken = default) =>
        WriteEndingInBatchAsync(async (db, writes) =>
        {
            var now = request.Now;
            var time = LimitTime.OnNodeClock(now);
            var countsFrom = new List<DateTimeOffset>();
            if (request.Limit is { } limit)
            {
                time = await LockLimitAsync(db, request.Clock, request.Now, limit.Name, cancellationToken);
                now = time.NodeNow;
                countsFrom.AddRange((await CountingPermitsAsync(db, limit.Name, time.Now - limit.Window, cancellationToken)).Select(UnixMillisecondsConverter.FromMs));
            }

            List<WeightedPermit>? countingUnits = null;
            if (request.UnitLimit is { } unitLimit)
            {
                // Always after the request limit's lock: every claimer of the pair takes them in this order (validated pairing).
                var unitTime = await LockLimitAsync(db, request.Clock, request.Now, unitLimit.Name, cancellationToken);
                if (request.Limit is null)
                {
                    time = unitTime;
                    now = time.NodeNow;
                }

                countingUnits = await CountingUnitsAsync(db, unitLimit.Name, time.Now - unitLimit.Window, cancellationToken);
            }

            var canGrant = ClaimPlanner.CanGrant(countsFrom, request.Limit, time.Now);
            // One more than can be taken, to tell whether the limit left ready tasks behind.
            var candidates = await SelectReadyTasksAsync(db, request, canGrant ? request.MaxTasks + 1 : 1, lockRows: canGrant, cancellationToken);
            if (candidates.Count == 0)
            {
                return new ClaimResult([], null, await NextTaskAtAsync(db, request.Queues, now, cancellationToken));
            }

            // The window stores each hold widened by how far apart the claimer's readings were (LimitTime.Uncertainty).
            var windowLimit = request.Limit is { } spec ? spec with { Hold = spec.Hold + time.Uncertainty } : null;
            var units = request.UnitLimit is { } unitSpec ? new UnitWindow(unitSpec with { Hold = unitSpec.Hold + time.Uncertainty }, countingUnits!) : null;
            var plan = ClaimPlanner.Plan(
                candidates.Select(c => new ClaimCandidate(c.Id, c.Priority, c.CreatedAt, c.Weight, c.Units)).ToList(), countsFrom, windowLimit, time.Now, request.MaxTasks, request.WeightAvailable, units);
            DateTimeOffset? nextPermitAt = plan.NextClaimAt is { } nextClaim ? time.WakeForNode(nextClaim) : null;
            if (plan.Claims.Count == 0)
            {
                return new ClaimResult([], nextPermitAt, null);
            }

            // Grants are in the window's clock; what the claimer is handed (and its attempt is known by) is in its own.
            var rows = candidates.ToDictionary(c => c.Id, StringComparer.Ordinal);
            var taken = plan.Claims.Select(c => (Row: rows[c.TaskId], Claim: c, NodeGrantedAt: c.GrantedAt is { } g ? time.GrantForNode(g) : (DateTimeOffset?)null)).ToList();
            // The claim's writes need no answer before the next: the store sends them together, with the COMMIT on PostgreSQL.
            var expires = now + request.LeaseDuration;
            foreach (var batch in taken.GroupBy(t => t.NodeGrantedAt))
            {
                var claimArgs = new SqlArguments(db.Database.GetDbConnection());
                var claim = $"UPDATE tasks SET state = 'Running', lease_owner = {claimArgs.Add(request.Owner)}, lease_expires_at = {claimArgs.Add(Ms(expires))}, " +
                    $"permit_granted_at = {claimArgs.Add(MsOrNull(batch.Key))} WHERE id IN ({claimArgs.AddList(batch.Select(t => t.Row.Id).ToList())})";
                writes.Add(claim, claimArgs);
            }

            var granted = taken.Where(t => t.NodeGrantedAt is not null).ToList();
            if (windowLimit is not null && granted.Count > 0)
            {
                var grants = granted.Select(t => new Grant(t.Row.Id, t.NodeGrantedAt!.Value, t.Claim.HeldUntil!.Value)).ToList();
                AddGrants(db, writes, windowLimit.Name, grants);
            }

            if (units is not null && granted.Count > 0)
            {
                var grants = granted.Select(t => new Grant(t.Row.Id, t.NodeGrantedAt!.Value, t.Claim.UnitsHeldUntil!.Value, t.Row.Units)).ToList();
                AddGrants(db, writes, units.Limit.Name, grants);
            }

            var claimed = taken.Select(t => RowMapping.ToRecord(t.Row) with
            {
                State = TaskState.Running,
                LeaseOwner = request.Owner,
                LeaseExpiresAt = expires,
                PermitGrantedAt = t.NodeGrantedAt,
            }).ToList();
            return new ClaimResult(claimed, nextPermitAt, null);
        }, cancellationToken);

    public async Task<bool> CompleteTaskAsync(TaskCompletion completion, CancellationToken cancellationToken = default) =>
        (await CompleteTaskAndLeaseAsync(completion with { LeaseInstanceFor = null }, cancellationToken)).Recorded;

    public Task<TaskCompletionResult> CompleteTaskAndLeaseAsync(TaskCompletion completion, CancellationToken cancellationToken = default) =>
        // Two round trips on PostgreSQL: the reads (with BEGIN), then the writes that need no answer with the COMMIT.
        WriteEndingInBatchAsync(async (db, later) =>
        {
            // What the completion needs to know, in one round trip on PostgreSQL: whether the instance is still there (its
            // row locked first, as a burst's commit takes it, so its journal records commit in position order), the task
            // (locked), and the activity's latest record, which the task's record completes. A completion that may lease
            // the instance reads the instance's row and due work items instead of only whether it is there.
            var connection = db.Database.GetDbConnection();
            var journal = completion.Journal;
            var leaseFor = completion is { LeaseInstanceFor: { } duration, ResumeWorkItem: not null, Resolution: TaskResolution.Completed or TaskResolution.Failed } ? duration : (TimeSpan?)null;
            var instanceId = journal?.InstanceId ?? completion.ResumeWorkItem?.InstanceId;
            var instancePresent = false;
            InstanceRow? instance = null;
            var dueItems = new List<WorkItemRow>();
            TaskRow? row = null;
            JournalRow? latest = null;
            var reads = new List<(string, SqlArguments?, Func<System.Data.Common.DbDataReader, Task>?)>();
            async Task ReadInstance(System.Data.Common.DbDataReader reader)
            {
                if (leaseFor is null)
                {
                    instancePresent = await reader.ReadAsync(cancellationToken);
                    return;
                }

                instance = (await RawSql.ReadRowsAsync<InstanceRow>(db, reader, cancellationToken)).FirstOrDefault();
                instancePresent = instance is not null;
            }

            if (journal is not null || leaseFor is not null)
            {
                var instanceArgs = new SqlArguments(connection);
                var columns = leaseFor is null ? "1" : "*";
                reads.Add(($"SELECT {columns} FROM instances WHERE id = {instanceArgs.Add(instanceId)}{(isPostgres ? " FOR NO KEY UPDATE" : "")}", instanceArgs, ReadInstance));
                if (leaseFor is not null)
                {
                    reads.Add(DueWorkItems(db, [instanceId!], completion.Now, dueItems, cancellationToken));
                }
            }

            var select = new SqlArguments(connection);
            reads.Add(($"SELECT * FROM tasks WHERE id = {select.Add(completion.TaskId)}{(isPostgres ? " FOR UPDATE" : "")}", select,
                async reader => row = (await RawSql.ReadRowsAsync<TaskRow>(db, reader, cancellationToken)).FirstOrDefault()));
            if (journal is not null)
            {
                var latestArgs = new SqlArguments(connection);
                reads.Add(($"SELECT * FROM journal WHERE instance_id = {latestArgs.Add(journal.InstanceId)} AND activity_id = {latestArgs.Add(journal.ActivityId)} " +
                    "AND activity_instance_id IS NOT NULL ORDER BY position DESC LIMIT 1", latestArgs,
                    async reader => latest = (await RawSql.ReadRowsAsync<JournalRow>(db, reader, cancellationToken)).FirstOrDefault()));
            }

            await RawSql.QueryBatchAsync(db, reads, cancellationToken);
            if (row is null || row.State != TaskState.Running || row.LeaseOwner != completion.Owner)
            {
                return new TaskCompletionResult(false, null);
            }

            LeasedInstance? leased = null;
            PreparedBurst? burst = null;

            // The writes that need no answer go out together with the task's end (in later, which the store sends).
            if (row.PermitGrantedAt is { } grantedAt)
            {
                var weighted = completion is { UnitLimit: not null, UnitsUsed: not null };
                await ReleaseGrantAsync(db, row.Id, grantedAt, completion.PermitReleasedAt ?? completion.Now, completion.Now, cancellationToken, weighted ? null : later);
                if (completion is { UnitLimit: { } unitLimit, UnitsUsed: { } used })
                {
                    await CorrectUnitsAsync(db, unitLimit, row.Id, grantedAt, used, cancellationToken);
                }
            }

            if (journal is not null && instancePresent)
            {
                var complete = TaskJournal.Complete(journal, latest is null ? null : RowMapping.ToRecord(latest));
                await InsertEntitiesAsync(db, [RowMapping.ToRow(complete)], upsert: false, cancellationToken, later);
            }

            var attempts = row.Attempts + (completion.CountAttempt ? 1 : 0);
            var args = new SqlArguments(db.Database.GetDbConnection());
            var id = args.Add(row.Id);
            var now = args.Add(Ms(completion.Now));
            var released = "lease_owner = NULL, lease_expires_at = NULL";
            switch (completion.Resolution)
            {
                case TaskResolution.Completed:
                case TaskResolution.Failed:
                    var state = completion.Resolution == TaskResolution.Completed ? TaskState.Completed : TaskState.Failed;
                    var finish = $"UPDATE tasks SET state = {args.Add(state.ToString())}, attempts = {args.Add(attempts)}, result = {args.Add(completion.Result)}, " +
                        $"error = {args.Add(completion.Error)}, completed_at = {now}, {released} WHERE id = {id}";
                    later.Add(finish, args);
                    if (row.GroupId is { } groupId)
                    {
                        await later.FlushAsync(db, cancellationToken);
                        await CountGroupItemAsync(db, groupId, completion, state, cancellationToken);
                    }
                    else if (completion.ResumeWorkItem is { } resume)
                    {
                        var free = leaseFor is not null && instance is not null && (instance.LeaseOwner is null || instance.LeaseExpiresAt <= completion.Now);
                        if (free && isPostgres && dueItems.Count == 0 && completion.RunResumedBurst is { } run)
                        {
                            // The instance's row is locked and nothing else is due: its resume runs here and commits with the
                            // task, so the resume item and the lease are never written. PostgreSQL only: on SQLite this would
                            // run every burst inside the single writer, one after another.
                            burst = await run(new LeasedInstance(RowMapping.ToRecord(instance!), [resume]), cancellationToken);
                        }

                        if (burst is not null)
                        {
                            await WriteBurstAsync(db, burst.Commit with { ConsumedWorkItemIds = [] }, later, leaseHeld: true, cancellationToken);
                        }
                        else
                        {
                            await InsertWorkItemsAsync(db, [resume], cancellationToken, later);
                            if (free)
                            {
                                leased = LeaseWith(db, later, instance!, dueItems, resume, completion.Owner, completion.Now + leaseFor!.Value);
                            }
                        }
                    }

                    break;

                case TaskResolution.Rescheduled:
                    var retry = $"UPDATE tasks SET state = 'Pending', attempts = {args.Add(attempts)}, not_before = {args.Add(Ms(completion.NotBefore ?? completion.Now))}, " +
                        $"error = {args.Add(completion.Error ?? row.Error)}, {released} WHERE id = {id}";
                    later.Add(retry, args);
                    break;

                case TaskResolution.FannedOut:
                    var fanOut = completion.FanOut ?? throw new ArgumentException("A fanned-out completion needs FanOut.", nameof(completion));
                    var done = $"UPDATE tasks SET state = 'Completed', attempts = {args.Add(attempts)}, result = {args.Add(completion.Result)}, " +
                        $"completed_at = {now}, {released} WHERE id = {id}";
                    later.Add(done, args);
                    await later.FlushAsync(db, cancellationToken);
                    await InsertGroupAsync(db, row, fanOut, completion.GroupCompletedWorkItem ?? completion.ResumeWorkItem, cancellationToken);
                    break;
            }

            return new TaskCompletionResult(true, leased) { Burst = burst };
        }, cancellationToken);

    /// <summary>
    /// Adds the lease on <paramref name="instance"/> (read and, on PostgreSQL, locked in this transaction, so no lease pass
    /// can take it in between) to <paramref name="later"/>; the instance's due work items are those read with it and the
    /// resume being inserted, in the order a lease pass would read them.
    /// </summary>
    private static LeasedInstance LeaseWith(PatientDocsDbContext db, StatementBatch later, InstanceRow instance, List<WorkItemRow> dueItems, WorkItemRecord resume, string owner, DateTimeOffset expires)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        later.Add($"UPDATE instances SET lease_owner = {args.Add(owner)}, lease_expires_at = {args.Add(Ms(expires))} WHERE id = {args.Add(instance.Id)}", args);
        var record = RowMapping.ToRecord(instance);
        var items = dueItems.Select(RowMapping.ToRecord).Append(resume)
            .OrderBy(w => w.AvailableAt).ThenBy(w => w.CreatedAt).ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList();
        return new LeasedInstance(record, items);
    }

    public Task<IReadOnlyList<string>> RenewTaskLeasesAsync(string owner, IReadOnlyList<string> taskIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var ids = taskIds.ToList();
            var expires = now + leaseDuration;
            var args = new SqlArguments(db.Database.GetDbConnection());
            var renew = $"UPDATE tasks SET lease_expires_at = {args.Add(Ms(expires))} WHERE lease_owner = {args.Add(owner)} AND state = 'Running' AND id IN ({args.AddList(ids)})";
            await RawSql.ExecuteAsync(db, renew, args, cancellationToken);
            var heldArgs = new SqlArguments(db.Database.GetDbConnection());
            var heldSql = $"SELECT id FROM tasks WHERE lease_owner = {heldArgs.Add(owner)} AND state = 'Running' AND id IN ({heldArgs.AddList(ids)})";
            var held = await RawSql.QueryAsync(db, heldSql, heldArgs, r => r.GetString(0), cancellationToken);
            return (IReadOnlyList<string>)ids.Except(held).ToList();
        }, cancellationToken);

    public Task<TaskRecord?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var row = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            return row is null ? null : RowMapping.ToRecord(row);
        }, cancellationToken);

    public Task<TaskGroupRecord?> FindTaskGroupAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var row = await db.TaskGroups.FirstOrDefaultAsync(g => g.Id == groupId, cancellationToken);
            return row is null ? null : RowMapping.ToRecord(row);
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var rows = await db.Tasks.Where(t => t.InstanceId == instanceId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<TaskRecord>)rows.Select(RowMapping.ToRecord).ToList();
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, QueueBacklog>> SummarizeQueuesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            // Pending tasks are counted from the ready index alone (the backlog can be thousands); running ones are few.
            var args = new SqlArguments(db.Database.GetDbConnection());
            var at = args.Add(Ms(now));
            var pendingSql = $"""
                SELECT queue AS "Queue",
                  SUM(CASE WHEN not_before <= {at} THEN 1 ELSE 0 END) AS "Ready",
                  MIN(CASE WHEN not_before > {at} THEN not_before END) AS "NextReadyAt"
                FROM tasks
                WHERE state = 'Pending'
                GROUP BY queue
                """;
            var (pending, running) = await ReadBacklogAsync(db, pendingSql, args, cancellationToken);

            var summary = pending.ToDictionary(
                r => r.Queue,
                r => new QueueBacklog((int)r.Ready, r.NextReadyAt is { } next ? UnixMillisecondsConverter.FromMs(next) : null),
                StringComparer.Ordinal);
            AddRunning(summary, running, owner, now);

            return (IReadOnlyDictionary<string, QueueBacklog>)summary;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, QueueBacklog>> PeekQueuesAsync(string owner, DateTimeOffset now, IReadOnlyCollection<string> queues, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            if (queues.Count == 0)
            {
                return (IReadOnlyDictionary<string, QueueBacklog>)new Dictionary<string, QueueBacklog>(StringComparer.Ordinal);
            }

            // Two seeks on ix_tasks_due per queue: is one due, and when is the next one due.
            var args = new SqlArguments(db.Database.GetDbConnection());
            var at = args.Add(Ms(now));
            var selects = queues.Select(queue =>
            {
                var q = args.Add(queue);
                return $"""
                    SELECT {q} AS "Queue",
                      (SELECT COUNT(*) FROM (SELECT 1 AS due FROM tasks WHERE state = 'Pending' AND queue = {q} AND not_before <= {at} LIMIT 1) d) AS "Ready",
                      (SELECT MIN(not_before) FROM tasks WHERE state = 'Pending' AND queue = {q} AND not_before > {at}) AS "NextReadyAt"
                    """;
            }).ToList();
            var (pending, running) = await ReadBacklogAsync(db, string.Join(" UNION ALL ", selects), args, cancellationToken);
            var summary = pending
                .Where(r => r.Ready > 0 || r.NextReadyAt is not null)
                .ToDictionary(r => r.Queue, r => new QueueBacklog((int)r.Ready, r.NextReadyAt is { } next ? UnixMillisecondsConverter.FromMs(next) : null), StringComparer.Ordinal);
            AddRunning(summary, running.Where(t => queues.Contains(t.Queue)), owner, now);
            foreach (var (queue, backlog) in summary)
            {
                summary[queue] = backlog with { Ready = Math.Min(1, backlog.Ready) };
            }

            return (IReadOnlyDictionary<string, QueueBacklog>)summary;
        }, cancellationToken);

    /// <summary>
    /// The pending backlog <paramref name="pendingSql"/> reports and every running task, in one round trip: the task worker
    /// asks before it claims, and on PostgreSQL two round trips were two more transactions for each pass.
    /// </summary>
    private static async Task<(List<QueueBacklogRow> Pending, List<(string Queue, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt)> Running)> ReadBacklogAsync(
        PatientDocsDbContext db, string pendingSql, SqlArguments args, CancellationToken cancellationToken)
    {
        var pending = new List<QueueBacklogRow>();
        var running = new List<(string Queue, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt)>();
        await RawSql.QueryBatchAsync(
            db,
            [
                (pendingSql, args, async reader =>
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        pending.Add(new QueueBacklogRow { Queue = reader.GetString(0), Ready = RawSql.Int64OrNull(reader, 1) ?? 0, NextReadyAt = RawSql.Int64OrNull(reader, 2) });
                    }
                }),
                ("SELECT queue, lease_owner, lease_expires_at FROM tasks WHERE state = 'Running'", null, async reader =>
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var expires = RawSql.Int64OrNull(reader, 2) is { } ms ? UnixMillisecondsConverter.FromMs(ms) : (DateTimeOffset?)null;
                        running.Add((reader.GetString(0), RawSql.StringOrNull(reader, 1), expires));
                    }
                }),
            ],
            cancellationToken);
        return (pending, running);
    }

    /// <summary>Running tasks in a summary: one under an expired lease is claimable now; one another node holds is claimable when its lease ends.</summary>
    private static void AddRunning(Dictionary<string, QueueBacklog> summary, IEnumerable<(string Queue, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt)> running, string owner, DateTimeOffset now)
    {
        foreach (var task in running)
        {
            var current = summary.GetValueOrDefault(task.Queue) ?? new QueueBacklog(0, null);
            if (task.LeaseExpiresAt is { } expires && expires <= now)
            {
                summary[task.Queue] = current with { Ready = current.Ready + 1 };
            }
            else if (task.LeaseOwner != owner && task.LeaseExpiresAt is { } due && (current.NextReadyAt is null || due < current.NextReadyAt))
            {
                summary[task.Queue] = current with { NextReadyAt = due };
            }
            else
            {
                summary[task.Queue] = current;
            }
        }
    }

    private async Task<List<TaskRow>> SelectReadyTasksAsync(PatientDocsDbContext db, ClaimRequest request, int take, bool lockRows, CancellationToken cancellationToken)
    {
        if (request.Queues.Count == 0)
        {
            return [];
        }

        // Pending and due, or Running under a lease that expired (its worker died): priority first, then FIFO. Each queue is
        // read from ix_tasks_claim, which is in that order, so a claim stops after the rows it can take however long the
        // backlog; one query over all the queues would sort every due task of them first (about 10 ms with 8000 waiting).
        // SQLite's planner prefers ix_tasks_due, whose order the claim does not want, hence the INDEXED BY; the repeated
        // state condition is the index's own, which SQLite needs to see word for word to use a partial index.
        var connection = db.Database.GetDbConnection();
        string Head(SqlArguments args, string queue)
        {
            var now = args.Add(Ms(request.Now));
            return $"""
                SELECT * FROM tasks {(isPostgres ? "" : "INDEXED BY ix_tasks_claim")}
                WHERE queue = {args.Add(queue)} AND (state = 'Pending' OR state = 'Running')
                  AND ((state = 'Pending' AND not_before <= {now}) OR (state = 'Running' AND lease_expires_at <= {now}))
                ORDER BY priority DESC, created_at, id
                LIMIT {args.Add(take)}
                {(isPostgres && lockRows ? "FOR UPDATE SKIP LOCKED" : "")}
                """;
        }

        if (isPostgres && request.Queues.Count > 1)
        {
            // One round trip; each queue's rows are locked as they are read, and those not taken are let go at commit.
            var args = new SqlArguments(connection);
            var union = string.Join(" UNION ALL ", request.Queues.Select((queue, i) => $"SELECT * FROM ({Head(args, queue)}) q{i}"));
            var sql = $"{union} ORDER BY priority DESC, created_at, id LIMIT {args.Add(take)}";
            return await RawSql.QueryRowsAsync<TaskRow>(db, sql, args, cancellationToken);
        }

        // On SQLite each queue's statement runs on its own (a compound of them cost more than the statements apart) and the
        // heads are merged here, ids compared as SQLite's binary collation compares them.
        var rows = new List<TaskRow>();
        foreach (var queue in request.Queues)
        {
            var args = new SqlArguments(connection);
            rows.AddRange(await RawSql.QueryRowsAsync<TaskRow>(db, Head(args, queue), args, cancellationToken));
        }

        return request.Queues.Count == 1
            ? rows
            : rows.OrderByDescending(r => r.Priority).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Take(take).ToList();
    }

    private static async Task<DateTimeOffset?> NextTaskAtAsync(PatientDocsDbContext db, IReadOnlyList<string> queues, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (queues.Count == 0)
        {
            return null;
        }

        var args = new SqlArguments(db.Database.GetDbConnection());
        var names = args.AddList(queues);
        var sql = $"""
            SELECT (SELECT MIN(not_before) FROM tasks WHERE queue IN ({names}) AND state = 'Pending'),
              (SELECT MIN(lease_expires_at) FROM tasks WHERE queue IN ({names}) AND state = 'Running' AND lease_expires_at IS NOT NULL)
            """;
        var found = (await RawSql.QueryAsync(db, sql, args, r => (Pending: RawSql.Int64OrNull(r, 0), Expiry: RawSql.Int64OrNull(r, 1)), cancellationToken)).Single();
        var nextPending = found.Pending is { } p ? UnixMillisecondsConverter.FromMs(p) : (DateTimeOffset?)null;
        var nextExpiry = found.Expiry is { } e ? UnixMillisecondsConverter.FromMs(e) : (DateTimeOffset?)null;
        DateTimeOffset? next = (nextPending, nextExpiry) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
        return next is { } at && at < now ? now : next;
    }

    private async Task CountGroupItemAsync(PatientDocsDbContext db, string groupId, TaskCompletion completion, TaskState state, CancellationToken cancellationToken)
    {
        // The counter update locks the group row until commit, so exactly one completion sees the group finished.
        var args = new SqlArguments(db.Database.GetDbConnection());
        var count = state == TaskState.Completed
            ? $"UPDATE task_groups SET succeeded = succeeded + 1 WHERE id = {args.Add(groupId)}"
            : $"UPDATE task_groups SET failed = failed + 1, first_error = COALESCE(first_error, {args.Add(completion.Error ?? "failed")}) WHERE id = {args.Add(groupId)}";
        await RawSql.ExecuteAsync(db, count, args, cancellationToken);
        var groupArgs = new SqlArguments(db.Database.GetDbConnection());
        var group = (await RawSql.QueryRowsAsync<TaskGroupRow>(db, $"SELECT * FROM task_groups WHERE id = {groupArgs.Add(groupId)}", groupArgs, cancellationToken)).FirstOrDefault();
        if (group is not null && group.Succeeded + group.Failed == group.Total && completion.GroupCompletedWorkItem is { } done)
        {
            await InsertWorkItemsAsync(db, [done], cancellationToken);
        }
    }

    /// <summary>Multi-row inserts; a task whose idempotency key already exists is skipped, never duplicated.</summary>
    private Task InsertTasksAsync(PatientDocsDbContext db, IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken, StatementBatch? later = null) =>
        InsertRowsAsync(db, "tasks", TaskColumns, tasks.Select(TaskValues).ToList(), " ON CONFLICT (idempotency_key) DO NOTHING", cancellationToken, later);

    /// <summary>The columns of <see cref="TaskColumns"/>, in order.</summary>
    private static object?[] TaskValues(TaskRecord t) =>
    [
        t.Id, t.Queue, t.Handler, t.InstanceId, t.ActivityId, t.IdempotencyKey, t.BookmarkId, t.GroupId, t.Priority, t.Weight,
        t.State.ToString(), t.Attempts, Ms(t.NotBefore), MsOrNull(t.Deadline), t.LeaseOwner, MsOrNull(t.LeaseExpiresAt),
        MsOrNull(t.PermitGrantedAt), t.Input, t.Result, t.Error, Ms(t.CreatedAt), MsOrNull(t.CompletedAt), t.Units,
    ];

    /// <summary>Operator retry: a finished task with the same key is re-opened in place (same id), a live one kept, else inserted.</summary>
    private async Task ReopenOrInsertTasksAsync(PatientDocsDbContext db, IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        var args = new SqlArguments(db.Database.GetDbConnection());
        var select = $"SELECT * FROM tasks WHERE idempotency_key IN ({args.AddList(tasks.Select(t => t.IdempotencyKey).ToList())}){(isPostgres ? " FOR UPDATE" : "")}";
        var existing = (await RawSql.QueryRowsAsync<TaskRow>(db, select, args, cancellationToken))
            .ToDictionary(t => t.IdempotencyKey, StringComparer.Ordinal);
        var fresh = new List<TaskRecord>();
        foreach (var task in tasks)
        {
            if (!existing.TryGetValue(task.IdempotencyKey, out var row))
            {
                fresh.Add(task);
            }
            else if (row.State is not (TaskState.Pending or TaskState.Running))
            {
                await ReopenTaskAsync(db, row.Id, task, cancellationToken);
            }
        }

        await InsertTasksAsync(db, fresh, cancellationToken);
    }

    /// <summary>Every column but the id and the idempotency key is written from the new record, as the in-memory store replaces it.</summary>
    private static async Task ReopenTaskAsync(PatientDocsDbContext db, string id, TaskRecord task, CancellationToken cancellationToken)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        var values = TaskValues(task);
        var columns = TaskColumns
            .Select((column, i) => (column, i))
            .Where(c => c.column is not ("id" or "idempotency_key"))
            .Select(c => $"{c.column} = {args.Add(values[c.i])}");
        var reopen = $"UPDATE tasks SET {string.Join(", ", columns)} WHERE id = {args.Add(id)}";
        await RawSql.ExecuteAsync(db, reopen, args, cancellationToken);
    }

    /// <summary>
    /// Inserts a fan-out's group and items. Items of an earlier fan-out of the same parent (an operator retry re-ran it; the
    /// retry re-opened the parent in place, so it is the same row) are not inserted again: a completed one counts as succeeded,
    /// a pending or running one moves into this group, a failed or cancelled one is re-opened in place in this group.
    /// </summary>
    private async Task InsertGroupAsync(PatientDocsDbContext db, TaskRow parent, TaskFanOut fanOut, WorkItemRecord? completedWorkItem, CancellationToken cancellationToken)
    {
        var groupId = fanOut.Group.Id;
        var earlierArgs = new SqlArguments(db.Database.GetDbConnection());
        var earlierSql = $"SELECT * FROM tasks WHERE group_id IN (SELECT id FROM task_groups WHERE instance_id = {earlierArgs.Add(parent.InstanceId)} " +
            $"AND parent_task_id = {earlierArgs.Add(parent.Id)}){(isPostgres ? " FOR UPDATE" : "")}";
        var earlier = (await RawSql.QueryRowsAsync<TaskRow>(db, earlierSql, earlierArgs, cancellationToken))
            .ToDictionary(t => t.IdempotencyKey, StringComparer.Ordinal);

        var fresh = new List<TaskRecord>();
        var moved = new List<string>();
        var succeeded = 0;
        foreach (var item in fanOut.Items.Select(i => i with { GroupId = groupId }))
        {
            if (!earlier.TryGetValue(item.IdempotencyKey, out var row))
            {
                fresh.Add(item);
            }
            else if (row.State == TaskState.Completed)
            {
                succeeded++;
            }
            else if (row.State is TaskState.Pending or TaskState.Running)
            {
                moved.Add(row.Id);
            }
            else
            {
                await ReopenTaskAsync(db, row.Id, item, cancellationToken);
            }
        }

        db.TaskGroups.Add(RowMapping.ToRow(fanOut.Group with { Total = fanOut.Items.Count, Succeeded = succeeded, Failed = 0 }));
        await db.SaveChangesAsync(cancellationToken);
        await InsertTasksAsync(db, fresh, cancellationToken);
        foreach (var batch in Chunk(moved, 400))
        {
            var moveArgs = new SqlArguments(db.Database.GetDbConnection());
            var move = $"UPDATE tasks SET group_id = {moveArgs.Add(groupId)} WHERE id IN ({moveArgs.AddList(batch)})";
            await RawSql.ExecuteAsync(db, move, moveArgs, cancellationToken);
        }

        if (succeeded == fanOut.Items.Count && completedWorkItem is not null)
        {
            // Complete at once (no items, or all done by an earlier fan-out): nobody else would resume the instance.
            await InsertWorkItemsAsync(db, [completedWorkItem], cancellationToken);
        }
    }

    /// <summary>
    /// One INSERT per batch of rows. SQLite binds parameters by name at a cost that grows with their number, so its batches
    /// stay small. A <paramref name="numbered"/> column is not taken from the rows: each row gets the column's highest
    /// value in the table plus its place in the batch (1, 2, ...), in the order of the rows.
    /// </summary>
    private async Task InsertRowsAsync(PatientDocsDbContext db, string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix, CancellationToken cancellationToken, StatementBatch? later = null, string? numbered = null)
    {
        var batch = Math.Max(1, (isPostgres ? 10_000 : 400) / columns.Length);
        var numberedAt = numbered is null ? -1 : Array.IndexOf(columns, numbered);
        if (numbered is not null && numberedAt < 0)
        {
            throw new ArgumentException($"{table} has no column {numbered} to number.", nameof(numbered));
        }

        foreach (var chunk in Chunk(rows, batch))
        {
            // Values bind in the order the text names them: row by row, column by column, the numbered column skipped.
            var args = new SqlArguments(db.Database.GetDbConnection());
            foreach (var values in chunk)
            {
                for (var c = 0; c < values.Length; c++)
                {
                    if (c != numberedAt)
                    {
                        args.Add(values[c]);
                    }
                }
            }

            var sql = InsertTexts.GetOrAdd(new InsertShape(table, columns, chunk.Count, suffix, numberedAt), static key => InsertText(key.Table, key.Columns, key.Rows, key.Suffix, key.NumberedAt));
            if (later is not null)
            {
                later.Add(sql, args);
            }
            else
            {
                await RawSql.ExecuteAsync(db, sql, args, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The text of a multi-row INSERT of <paramref name="rows"/> rows, built once per shape: rebuilding it for every commit
    /// was about 8 % of what the server allocated. A numbered column takes the table's highest value plus the row's place.
    /// </summary>
    private static string InsertText(string table, string[] columns, int rows, string suffix, int numberedAt)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") ");
        if (numberedAt >= 0)
        {
            // The rows are sorted before the first is inserted, so the highest value is read once, before any of them.
            sql.Append("SELECT ");
            for (var c = 0; c < columns.Length; c++)
            {
                sql.Append(c == 0 ? "" : ", ").Append(c == numberedAt ? $"(SELECT COALESCE(MAX({columns[numberedAt]}), 0) FROM {table}) + column{c + 1}" : $"column{c + 1}");
            }

            sql.Append(" FROM (");
        }

        sql.Append("VALUES ");
        var parameter = 0;
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                sql.Append(c == 0 ? "" : ", ").Append(c == numberedAt ? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"@p{parameter++}");
            }

            sql.Append(')');
        }

        if (numberedAt >= 0)
        {
            sql.Append(") ORDER BY column").Append(numberedAt + 1);
        }

        return sql.Append(suffix).ToString();
    }

    /// <summary>Rows of a mapped entity in plain INSERTs (see <see cref="EntityColumns"/>); an upsert replaces a row with the same key.</summary>
    private Task InsertEntitiesAsync<TRow>(PatientDocsDbContext db, IReadOnlyList<TRow> rows, bool upsert, CancellationToken cancellationToken, StatementBatch? later = null, string? numbered = null)
        where TRow : class
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var columns = EntityColumns.For<TRow>(db);
        return InsertRowsAsync(db, columns.Table, columns.Columns, rows.Select(columns.Values).ToList(), upsert ? columns.Upsert : "", cancellationToken, later, numbered);
    }

    private static long? MsOrNull(DateTimeOffset? value) => value is { } v ? Ms(v) : null;

    /// <summary>An INSERT text's key; column lists compare by their names, so a list built per call still finds its text.</summary>
    private readonly record struct InsertShape(string Table, string[] Columns, int Rows, string Suffix, int NumberedAt)
    {
        public bool Equals(InsertShape other) =>
            Table == other.Table && Rows == other.Rows && Suffix == other.Suffix && NumberedAt == other.NumberedAt &&
            (ReferenceEquals(Columns, other.Columns) || Columns.AsSpan().SequenceEqual(other.Columns));

        public override int GetHashCode() => HashCode.Combine(Table, Rows, Suffix, NumberedAt, Columns.Length);
    }
}

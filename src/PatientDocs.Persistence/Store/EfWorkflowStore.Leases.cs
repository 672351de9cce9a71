using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task<IReadOnlyList<LeasedInstance>> LeaseRunnableInstancesAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            if (max <= 0)
            {
                return (IReadOnlyList<LeasedInstance>)[];
            }

            var args = new SqlArguments(db.Database.GetDbConnection());
            var nowParameter = args.Add(Ms(now));
            // Oldest pending work first; on PostgreSQL rows another node is leasing right now are skipped, not waited for.
            var sql = $"""
                SELECT i.* FROM instances i
                WHERE (i.lease_owner IS NULL OR i.lease_expires_at <= {nowParameter})
                  AND EXISTS (SELECT 1 FROM work_items w WHERE w.instance_id = i.id AND w.available_at <= {nowParameter})
                ORDER BY (SELECT MIN(w2.available_at) FROM work_items w2 WHERE w2.instance_id = i.id), i.id
                LIMIT {args.Add(max)}
                {(isPostgres ? "FOR UPDATE OF i SKIP LOCKED" : "")}
                """;
            var rows = await db.Instances.FromSqlRaw(sql, args.Parameters.ToArray<object>()).AsNoTracking().ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return (IReadOnlyList<LeasedInstance>)[];
            }

            var ids = rows.Select(r => r.Id).ToList();
            var expires = now + leaseDuration;
            await db.Instances.Where(i => ids.Contains(i.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, owner).SetProperty(i => i.LeaseExpiresAt, expires), cancellationToken);
            var workItems = await db.WorkItems.AsNoTracking()
                .Where(w => ids.Contains(w.InstanceId) && w.AvailableAt <= now)
                .OrderBy(w => w.AvailableAt).ThenBy(w => w.CreatedAt).ThenBy(w => w.Id)
                .ToListAsync(cancellationToken);
            var byInstance = workItems.ToLookup(w => w.InstanceId);
            return (IReadOnlyList<LeasedInstance>)rows
                .Select(r => new LeasedInstance(RowMapping.ToRecord(r), byInstance[r.Id].Select(RowMapping.ToRecord).ToList()))
                .ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string owner, IReadOnlyList<string> instanceIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var ids = instanceIds.ToList();
            var expires = now + leaseDuration;
            await db.Instances.Where(i => ids.Contains(i.Id) && i.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, expires), cancellationToken);
            var held = await db.Instances.Where(i => ids.Contains(i.Id) && i.LeaseOwner == owner).Select(i => i.Id).ToListAsync(cancellationToken);
            return (IReadOnlyList<string>)ids.Except(held).ToList();
        }, cancellationToken);

    public Task CommitBurstAsync(BurstCommit commit, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var r = commit.Instance;
            var release = commit.ReleaseLease;
            // The lease check and the state write are one statement, so a node that lost the lease cannot write.
            var updated = await db.Instances.Where(i => i.Id == r.Id && i.LeaseOwner == commit.LeaseOwner)
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(i => i.DefinitionId, r.DefinitionId)
                        .SetProperty(i => i.DefinitionVersionId, r.DefinitionVersionId)
                        .SetProperty(i => i.Version, r.Version)
                        .SetProperty(i => i.Name, r.Name)
                        .SetProperty(i => i.CorrelationId, r.CorrelationId)
                        .SetProperty(i => i.Status, r.Status)
                        .SetProperty(i => i.SubStatus, r.SubStatus)
                        .SetProperty(i => i.IncidentCount, r.IncidentCount)
                        .SetProperty(i => i.CreatedAt, r.CreatedAt)
                        .SetProperty(i => i.UpdatedAt, r.UpdatedAt)
                        .SetProperty(i => i.FinishedAt, r.FinishedAt)
                        .SetProperty(i => i.State, r.State);
                    if (release)
                    {
                        s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null);
                    }
                }, cancellationToken);
            if (updated == 0)
            {
                throw new LeaseLostException(r.Id);
            }

            if (commit.ConsumedWorkItemIds.Count > 0)
            {
                var consumed = commit.ConsumedWorkItemIds.ToList();
                await db.WorkItems.Where(w => w.InstanceId == r.Id && consumed.Contains(w.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            if (commit.RemovedBookmarkIds.Count > 0)
            {
                var removed = commit.RemovedBookmarkIds.ToList();
                await db.Bookmarks.Where(b => b.InstanceId == r.Id && removed.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            if (commit.CancelPendingTasks)
            {
                var cancelledAt = r.UpdatedAt;
                await db.Tasks.Where(t => t.InstanceId == r.Id && (t.State == TaskState.Pending || t.State == TaskState.Running))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TaskState.Cancelled)
                        .SetProperty(t => t.CompletedAt, cancelledAt)
                        .SetProperty(t => t.LeaseOwner, (string?)null)
                        .SetProperty(t => t.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
                await db.Bookmarks.Where(b => b.InstanceId == r.Id).ExecuteDeleteAsync(cancellationToken);
            }

            db.Bookmarks.AddRange(commit.NewBookmarks.Select(RowMapping.ToRow));
            db.WorkItems.AddRange(commit.NewWorkItems.Select(RowMapping.ToRow));
            db.Journal.AddRange(commit.Journal.Select(RowMapping.ToRow));
            if (commit.ActivityExecutions.Count > 0)
            {
                var executionIds = commit.ActivityExecutions.Select(e => e.Id).ToList();
                var existing = await db.ActivityExecutions.Where(e => executionIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
                foreach (var execution in commit.ActivityExecutions)
                {
                    if (!existing.TryGetValue(execution.Id, out var row))
                    {
                        row = new ActivityExecutionRow();
                        db.ActivityExecutions.Add(row);
                        existing[execution.Id] = row;
                    }

                    RowMapping.CopyTo(execution, row);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await InsertTasksAsync(db, commit.NewTasks, cancellationToken);
        }, cancellationToken);
}

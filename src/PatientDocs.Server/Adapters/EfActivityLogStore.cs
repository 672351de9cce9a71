using Microsoft.EntityFrameworkCore;
using PatientDocs.Activities.ActivityLog;
using PatientDocs.Engine.Runtime;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Server.Adapters;

/// <summary>The module's activity-log table backed by PatientDocs' own database (<c>activity_log</c>).</summary>
public sealed class EfActivityLogStore(IDbContextFactory<PatientDocsDbContext> contexts) : IActivityLogStore
{
    public async Task AppendAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActivityLog.AddRange(events.Select(e => new ActivityLogRow
        {
            Timestamp = e.Timestamp,
            Phase = e.Phase,
            InstanceId = e.InstanceId,
            ActivityId = e.ActivityId,
            ActivityType = e.ActivityType,
            ActivityName = e.ActivityName,
            Arguments = e.Arguments,
            Result = e.Result,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ActivityEvent>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ActivityLog.AsNoTracking().Where(r => r.InstanceId == instanceId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return rows.Select(r => new ActivityEvent(r.Phase, r.Timestamp, r.InstanceId, r.ActivityId, r.ActivityType, r.ActivityName, r.Arguments, r.Result)).ToList();
    }
}

using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task<ScheduleState> ArmScheduleAsync(string key, string definitionVersionId, DateTimeOffset armedAt, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            // One statement on both providers: nodes arming the same schedule at once leave one row, armed once per version.
            var args = new SqlArguments(db.Database.GetDbConnection());
            var sql = $"""
                INSERT INTO schedules (schedule_key, definition_version_id, last_due_at) VALUES ({args.Add(key)}, {args.Add(definitionVersionId)}, {args.Add(Ms(armedAt))})
                ON CONFLICT (schedule_key) DO UPDATE SET definition_version_id = excluded.definition_version_id, last_due_at = excluded.last_due_at
                WHERE schedules.definition_version_id <> excluded.definition_version_id
                """;
            await RawSql.ExecuteAsync(db, sql, args, cancellationToken);
            var row = await db.Schedules.AsNoTracking().SingleAsync(s => s.ScheduleKey == key, cancellationToken);
            return new ScheduleState(row.ScheduleKey, row.DefinitionVersionId, row.LastDueAt);
        }, cancellationToken);

    public Task<bool> FireScheduleAsync(ScheduleState tick, InstanceRecord instance, WorkItemRecord start, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            // The row lock this update takes makes a second node's update wait, then find the tick taken (0 rows).
            var moved = await db.Schedules
                .Where(s => s.ScheduleKey == tick.Key && s.DefinitionVersionId == tick.DefinitionVersionId && s.LastDueAt < tick.LastDueAt)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastDueAt, tick.LastDueAt), cancellationToken);
            if (moved == 0)
            {
                return false;
            }

            await InsertInstancesAsync(db, [instance], [start], cancellationToken);
            return true;
        }, cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    // Served by ix_tasks_due, which holds the pending and running tasks only: each state is asked for on its own, because an
    // IN of the two (what EF makes of an OR) does not tell SQLite that the smaller index holds every row wanted. Only the
    // columns that place a task are read.
    public Task<IReadOnlyList<QueuedTask>> ListQueuedTasksAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            if (queues.Count == 0)
            {
                return (IReadOnlyList<QueuedTask>)[];
            }

            var names = queues.ToList();
            var rows = await db.Tasks.Where(t => t.State == TaskState.Pending && names.Contains(t.Queue))
                .Concat(db.Tasks.Where(t => t.State == TaskState.Running && names.Contains(t.Queue)))
                .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
                .Select(t => new QueuedTask(t.Id, t.Queue, t.InstanceId, t.ActivityId, t.Handler, t.Priority, t.State, t.NotBefore, t.CreatedAt, t.PermitGrantedAt))
                .ToListAsync(cancellationToken);
            return (IReadOnlyList<QueuedTask>)rows;
        }, cancellationToken);
}

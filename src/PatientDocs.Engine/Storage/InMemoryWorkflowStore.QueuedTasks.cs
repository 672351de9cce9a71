namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
    public Task<IReadOnlyList<QueuedTask>> ListQueuedTasksAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var wanted = new HashSet<string>(queues, StringComparer.Ordinal);
            IReadOnlyList<QueuedTask> queued = _tasks.Values
                .Where(t => t.Value.State is TaskState.Pending or TaskState.Running && wanted.Contains(t.Value.Queue))
                .OrderByDescending(t => t.Value.Priority)
                .ThenBy(t => t.Value.CreatedAt)
                .ThenBy(t => t.Sequence)
                .Select(t => new QueuedTask(
                    t.Value.Id, t.Value.Queue, t.Value.InstanceId, t.Value.ActivityId, t.Value.Handler, t.Value.Priority,
                    t.Value.State, t.Value.NotBefore, t.Value.CreatedAt, t.Value.PermitGrantedAt))
                .ToList();
            return Task.FromResult(queued);
        }
    }
}

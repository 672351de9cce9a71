using PatientDocs.Engine.Runtime;

namespace PatientDocs.Activities.ActivityLog;

/// <summary>The activity-log table in memory.</summary>
public sealed class InMemoryActivityLogStore : IActivityLogStore
{
    private readonly Lock _gate = new();
    private readonly List<ActivityEvent> _events = [];

    public IReadOnlyList<ActivityEvent> All
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public Task AppendAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _events.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ActivityEvent>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ActivityEvent> events = _events.Where(e => e.InstanceId == instanceId).ToList();
            return Task.FromResult(events);
        }
    }
}

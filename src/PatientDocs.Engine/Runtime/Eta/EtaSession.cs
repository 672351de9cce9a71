using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>
/// Estimates at one moment (<see cref="Now"/>), reading each queue group's order and each limit's window once: a page of
/// ten thousand waiting instances costs one read per group, not one per task.
/// </summary>
public sealed partial class EtaSession
{
    private readonly InstanceEtaEstimator _estimator;
    private readonly Dictionary<string, GroupOrder> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    internal EtaSession(InstanceEtaEstimator estimator, DateTimeOffset now)
    {
        _estimator = estimator;
        Now = now;
    }

    public DateTimeOffset Now { get; }

    /// <summary>Estimates one instance; null when it does not exist.</summary>
    public async Task<InstanceEta?> EstimateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await _estimator.Store.FindInstanceAsync(instanceId, cancellationToken);
        return instance is null ? null : await EstimateAsync(instance, cancellationToken);
    }

    /// <summary>Every group's unfinished tasks in claim order (read once per session); for depths and for estimates.</summary>
    public async Task<IReadOnlyList<QueuedTask>> QueuedTasksAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<QueuedTask>();
        foreach (var group in _estimator.Catalog.Groups)
        {
            all.AddRange((await OrderOfAsync(group.Name, cancellationToken)).Tasks);
        }

        return all;
    }

    private async Task<GroupOrder> OrderOfAsync(string group, CancellationToken cancellationToken)
    {
        if (_groups.TryGetValue(group, out var known))
        {
            return known;
        }

        var queues = _estimator.Catalog.Groups.FirstOrDefault(g => g.Name == group)?.Queues.Select(q => q.Name).ToList() ?? [group];
        var order = new GroupOrder(await _estimator.Store.ListQueuedTasksAsync(queues, cancellationToken), Now);
        _groups[group] = order;
        return order;
    }

    private async Task<IReadOnlyList<DateTimeOffset>> WindowOfAsync(ResolvedLimit limit, CancellationToken cancellationToken)
    {
        if (!_windows.TryGetValue(limit.Name, out var grants))
        {
            grants = await _estimator.Store.ListGrantsAsync(limit.Name, Now, limit.Window, cancellationToken);
            _windows[limit.Name] = grants;
        }

        return grants;
    }

    /// <summary>A group's tasks in claim order and, per task, how many ready pending tasks the claim rule takes before it.</summary>
    private sealed class GroupOrder
    {
        public GroupOrder(IReadOnlyList<QueuedTask> tasks, DateTimeOffset now)
        {
            Tasks = tasks;
            var ahead = 0;
            foreach (var task in tasks)
            {
                Ahead[task.Id] = ahead;
                if (task.State == TaskState.Pending && task.NotBefore <= now)
                {
                    ahead++;
                }
            }

            Ready = ahead;
        }

        public IReadOnlyList<QueuedTask> Tasks { get; }

        public Dictionary<string, int> Ahead { get; } = new(StringComparer.Ordinal);

        public int Ready { get; }
    }
}

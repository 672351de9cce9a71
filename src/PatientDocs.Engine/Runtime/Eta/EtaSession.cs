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
    private readonly Dictionary<string, Definitions.WorkflowDefinition?> _definitions = new(StringComparer.Ordinal);
    private IReadOnlyList<QueuedTask>? _allQueued;

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
        if (_allQueued is null)
        {
            var all = new List<QueuedTask>();
            foreach (var group in _estimator.Catalog.Groups)
            {
                all.AddRange((await OrderOfAsync(group.Name, cancellationToken)).Tasks);
            }

            _allQueued = all;
        }

        return _allQueued;
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

    private async Task<Definitions.WorkflowDefinition?> DefinitionOfAsync(string versionId, CancellationToken cancellationToken)
    {
        if (!_definitions.TryGetValue(versionId, out var definition))
        {
            definition = await _estimator.Store.FindDefinitionVersionAsync(versionId, cancellationToken);
            _definitions[versionId] = definition;
        }

        return definition;
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
        private readonly Dictionary<int, int> _atOrAbove = [];
        private readonly DateTimeOffset _now;

        public GroupOrder(IReadOnlyList<QueuedTask> tasks, DateTimeOffset now)
        {
            Tasks = tasks;
            _now = now;
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

        /// <summary>Ready pending tasks of this priority or higher: all of them are claimed before a task of it created now.</summary>
        public int ReadyAtOrAbove(int priority)
        {
            if (!_atOrAbove.TryGetValue(priority, out var count))
            {
                count = Tasks.Count(t => t.State == TaskState.Pending && t.NotBefore <= _now && t.Priority >= priority);
                _atOrAbove[priority] = count;
            }

            return count;
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine.Tasks;

/// <summary>
/// Claims tasks per queue group (queues sharing a limit, or one unlimited queue) within this node's slots and budget, runs
/// them, and resolves each attempt in the store: completion resumes the instance, transient failures back off until the
/// deadline, fan-outs become task groups. Every attempt holds a permit taken in the claim, immediately before it runs.
/// Hosted as a background loop; tests call <see cref="RunOnceAsync"/> and <see cref="WhenIdleAsync"/> with a manual clock.
/// </summary>
public sealed partial class TaskWorker : BackgroundService
{
    private readonly IWorkflowStore _store;
    private readonly TaskQueueCatalog _catalog;
    private readonly ActivityRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly List<IActivityObserver> _observers;
    private readonly Dictionary<string, ITaskItemHandler> _itemHandlers;
    private readonly WorkSignal _signal;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly NodeCapacity _capacity;
    private readonly EngineMetrics? _metrics;
    private readonly InstanceWorker? _instances;
    private readonly ConcurrentDictionary<string, RunningTask> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _groupBookmarks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WindowFull> _windowFull = new(StringComparer.OrdinalIgnoreCase);
    private long _permitsReleased;
    private CancellationToken _stopping = CancellationToken.None;
    private DateTimeOffset _nextHeartbeat;
    private DateTimeOffset _nextBacklogCount = DateTimeOffset.MinValue;
    private IReadOnlyDictionary<string, QueueBacklog> _counted = new Dictionary<string, QueueBacklog>(StringComparer.Ordinal);

    public TaskWorker(
        IWorkflowStore store,
        TaskQueueCatalog catalog,
        NodeCapacity capacity,
        ActivityRegistry registry,
        IServiceProvider services,
        IEnumerable<IActivityObserver> observers,
        IEnumerable<ITaskItemHandler> itemHandlers,
        WorkSignal signal,
        TimeProvider time,
        IOptions<RuntimeOptions> options,
        ILogger<TaskWorker>? logger = null,
        EngineMetrics? metrics = null,
        InstanceWorker? instances = null)
    {
        _store = store;
        _catalog = catalog;
        _capacity = capacity;
        _registry = registry;
        _services = services;
        _observers = observers.ToList();
        _itemHandlers = itemHandlers.ToDictionary(h => h.Queue, StringComparer.OrdinalIgnoreCase);
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;

        // With this node's instance worker at hand, a completion leases the instance it resumes and hands it over.
        _instances = instances;
        _nextHeartbeat = time.GetUtcNow() + _options.HeartbeatInterval;
    }

    /// <summary>How often a pass counts the backlog instead of only asking whether a task is due.</summary>
    internal static readonly TimeSpan BacklogCountInterval = TimeSpan.FromSeconds(1);

    /// <summary>Tasks this node is running now.</summary>
    public int RunningCount => _inFlight.Count;

    /// <summary>Random draws for retry jitter; tests pin it.</summary>
    internal Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    /// <summary>
    /// One pass: renews leases if due, then claims and starts what every group may run now. Returns when to look again
    /// (the next permit, the next ready task, the next breaker probe), or null if only a signal can bring work.
    /// A group goes to the store only when it has ready tasks and its window is not known to be full: every instance
    /// burst and every task end wakes this loop, and most of those wake-ups can change nothing for most groups.
    /// </summary>
    public async Task<DateTimeOffset?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (now >= _nextHeartbeat)
        {
            await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        }

        var backlog = await ReadBacklogAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var queue in backlog.Keys)
        {
            _catalog.Resolve(queue);
        }

        DateTimeOffset? next = _inFlight.IsEmpty ? null : _nextHeartbeat;
        List<QueueGroup> claiming = [];
        foreach (var group in _catalog.Groups)
        {
            var ready = 0;
            foreach (var queue in group.Queues)
            {
                if (backlog.TryGetValue(queue.Name, out var queued))
                {
                    ready += queued.Ready;
                    next = Earliest(next, queued.NextReadyAt);
                }
            }

            if (ready == 0)
            {
                continue;
            }

            if ((group.Limit ?? group.UnitLimit) is { } limit && _windowFull.TryGetValue(limit.Name, out var full)
                && full.PermitsReleased == Interlocked.Read(ref _permitsReleased) && now < full.AskAgainAt)
            {
                next = Earliest(next, full.NextPermitAt);
                continue;
            }

            claiming.Add(group);
        }

        // One claim per group a round, again only for the groups whose claim filled every free slot: a group of quick tasks
        // whose slots free up during its own claims would otherwise keep the loop to itself while a rate-limited group's
        // tasks wait, and in a bulk start that idled DocumentExchange's first window while patients were being read.
        while (claiming.Count > 0)
        {
            List<QueueGroup> filled = [];
            foreach (var group in claiming)
            {
                var (groupNext, full) = await ClaimGroupAsync(group, backlog, now, cancellationToken).ConfigureAwait(false);
                next = Earliest(next, groupNext);
                if (full)
                {
                    filled.Add(group);
                }
            }

            claiming = filled;
        }

        return next;
    }

    /// <summary>
    /// Each queue's backlog is counted at most once per <see cref="BacklogCountInterval"/> (pollers pace themselves by it and
    /// the queue-depth gauge shows it). A pass in between only asks whether each known queue has a task due, which costs a
    /// few index seeks instead of the backlog's size: with ten thousand tasks waiting for a limit, counting them on every
    /// wake-up was most of a pass. A queue this node has never seen is found at the next count.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, QueueBacklog>> ReadBacklogAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now >= _nextBacklogCount || _counted.Count == 0)
        {
            var counted = await _store.SummarizeQueuesAsync(_options.NodeId, now, cancellationToken).ConfigureAwait(false);
            _counted = counted;
            _nextBacklogCount = now + BacklogCountInterval;
            _metrics?.ObserveBacklog(counted);
            return counted;
        }

        var known = new HashSet<string>(_counted.Keys, StringComparer.Ordinal);
        foreach (var group in _catalog.Groups)
        {
            known.UnionWith(group.Queues.Select(q => q.Name));
        }

        var peeked = await _store.PeekQueuesAsync(_options.NodeId, now, known, cancellationToken).ConfigureAwait(false);
        return peeked.ToDictionary(
            q => q.Key,
            q => q.Value with { Ready = q.Value.Ready == 0 ? 0 : Math.Max(1, _counted.GetValueOrDefault(q.Key)?.Ready ?? 0) },
            StringComparer.Ordinal);
    }

    /// <summary>Completes when every task started so far has been resolved.</summary>
    public async Task WhenIdleAsync()
    {
        while (!_inFlight.IsEmpty)
        {
            await Task.WhenAll(_inFlight.Values.Select(r => r.Completion)).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the leases of running tasks; a task whose lease was lost is told to stop.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        _nextHeartbeat = now + _options.HeartbeatInterval;
        var ids = _inFlight.Keys.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var lost = await _store.RenewTaskLeasesAsync(_options.NodeId, ids, now, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        foreach (var id in lost)
        {
            if (_inFlight.TryGetValue(id, out var running))
            {
                await running.Cancellation.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers)
        {
            return;
        }

        _stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = _signal.TaskWork;
            DateTimeOffset? next;
            try
            {
                next = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(_logger, ex);
                next = null;
            }

            var poll = _time.GetUtcNow() + _options.PollInterval;
            try
            {
                await WorkSignal.WaitAsync(wake, Earliest(next, poll)!.Value, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await WhenIdleAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// One claim of up to the group's free slots. <c>Filled</c>: it got as many tasks as it asked for with the breaker still
    /// closed, so the group may have more ready once a slot frees up.
    /// </summary>
    private async Task<(DateTimeOffset? Next, bool Filled)> ClaimGroupAsync(QueueGroup group, IReadOnlyDictionary<string, QueueBacklog> backlog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var breaker = _catalog.BreakerFor(group.Service);
        var allowed = breaker.AllowedClaims(now);
        if (allowed == 0)
        {
            // Open breaker: wake for the probe; a probe in flight wakes us when it finishes.
            return (breaker.NextProbeAt is { } probeAt && probeAt > now ? probeAt : null, false);
        }

        List<(ResolvedQueue Queue, int Free)> free = [];
        long? weightAvailable = null;
        foreach (var queue in group.Queues)
        {
            var (slots, budgetLeft) = _capacity.Available(queue);
            if (slots > 0)
            {
                free.Add((queue, slots));
                if (budgetLeft is { } left)
                {
                    weightAvailable = weightAvailable is null ? left : Math.Min(weightAvailable.Value, left);
                }
            }
        }

        if (free.Count == 0 || weightAvailable is <= 0)
        {
            return (null, false);
        }

        // Claiming no more than the smallest free count keeps every queue of the group within its own slots.
        var max = Math.Min(free.Min(x => x.Free), allowed);
        var releasedBefore = Interlocked.Read(ref _permitsReleased);
        var result = await _store.ClaimTasksAsync(
            new ClaimRequest
            {
                Queues = free.Select(x => x.Queue.Name).ToList(),
                Owner = _options.NodeId,
                Now = now,
                LeaseDuration = _options.LeaseDuration,
                MaxTasks = max,
                WeightAvailable = weightAvailable,
                Limit = group.Limit?.ToSpec(),
                UnitLimit = group.UnitLimit?.ToSpec(),
                Clock = _time,
            },
            cancellationToken).ConfigureAwait(false);
        var next = Earliest(result.NextPermitAt, result.NextTaskAt);
        if ((group.Limit ?? group.UnitLimit) is { } limit)
        {
            RememberWindow(limit, result.NextPermitAt, releasedBefore, now);
        }

        if (result.Tasks.Count > 0 && allowed == 1 && breaker.IsOpen)
        {
            breaker.ProbeStarted();
        }

        foreach (var task in result.Tasks)
        {
            _metrics?.TaskClaimed(task, group.Limit, now);
            Start(task, _catalog.Resolve(task.Queue), group, backlog.GetValueOrDefault(task.Queue)?.Ready ?? 0, breaker);
        }

        return (next, result.Tasks.Count == max && !breaker.IsOpen);
    }

    /// <summary>
    /// A claim the window stopped is not repeated before its next permit, unless a permit of this node is released first
    /// (which may free one earlier); other nodes' releases are seen within the poll interval.
    /// </summary>
    private void RememberWindow(ResolvedLimit limit, DateTimeOffset? nextPermitAt, long releasedBefore, DateTimeOffset now)
    {
        if (nextPermitAt is { } at)
        {
            _windowFull[limit.Name] = new WindowFull(at, Earliest(at, now + _options.PollInterval)!.Value, releasedBefore);
        }
        else
        {
            _windowFull.TryRemove(limit.Name, out _);
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or TimeoutException or IOException or TaskCanceledException;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private sealed record RunningTask(CancellationTokenSource Cancellation, Task Completion);

    /// <summary>A claim found the window full until <paramref name="NextPermitAt"/>, counting this node's releases up to <paramref name="PermitsReleased"/>.</summary>
    private sealed record WindowFull(DateTimeOffset NextPermitAt, DateTimeOffset AskAgainAt, long PermitsReleased);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}'s completion with its instance's resumed burst failed; the completion is recorded alone and the burst runs after the hand-over")]
    private static partial void LogResumedBurstFailed(ILogger logger, Exception exception, string taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task worker pass failed; retrying after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} on {Queue} could not be resolved; its lease will expire and it runs again")]
    private static partial void LogResolveFailed(ILogger logger, Exception exception, string taskId, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the permit of task {TaskId} early failed; its completion will release it")]
    private static partial void LogEarlyReleaseFailed(ILogger logger, Exception exception, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity observer {Observer} failed on {Phase} of task {TaskId}")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, object phase, string taskId);
}

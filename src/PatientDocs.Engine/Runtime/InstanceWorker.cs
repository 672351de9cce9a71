using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Leases runnable instances, runs one burst per work item through the interpreter and commits each burst atomically under
/// the lease. A lost lease means another node has the instance: its burst is dropped without a trace. Hosted as a loop that
/// wakes on local signals, at the next due work item, or at the poll interval; tests call <see cref="RunOnceAsync"/>.
/// </summary>
public sealed partial class InstanceWorker : BackgroundService
{
    private readonly IWorkflowStore _store;
    private readonly WorkflowInterpreter _interpreter;
    private readonly ActivityRegistry _registry;
    private readonly TaskQueueCatalog _catalog;
    private readonly List<IActivityObserver> _observers;
    private readonly WorkSignal _signal;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LeasedInstance> _handedOver = new();
    private TaskCompletionSource _handoverArrived = NewSource();
    private readonly DefinitionActivities _definitionActivities;
    private readonly EngineMetrics? _metrics;
    private readonly DefinitionVersionCache _definitions;
    private DateTimeOffset _nextHeartbeat;

    public InstanceWorker(
        IWorkflowStore store,
        WorkflowInterpreter interpreter,
        ActivityRegistry registry,
        TaskQueueCatalog catalog,
        IEnumerable<IActivityObserver> observers,
        WorkSignal signal,
        TimeProvider time,
        IOptions<RuntimeOptions> options,
        ILogger<InstanceWorker>? logger = null,
        EngineMetrics? metrics = null,
        DefinitionVersionCache? definitions = null)
    {
        _store = store;
        _interpreter = interpreter;
        _registry = registry;
        _definitionActivities = new DefinitionActivities(store, registry);
        _catalog = catalog;
        _observers = observers.ToList();
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        _definitions = definitions ?? new DefinitionVersionCache(store, time, options);
        _nextHeartbeat = time.GetUtcNow() + _options.HeartbeatInterval;
    }

    /// <summary>The parsed definition versions this node's bursts run on; starts take theirs from it too.</summary>
    internal DefinitionVersionCache Definitions => _definitions;

    /// <summary>
    /// Takes an instance this node leased elsewhere (a task's completion) to run with the next batch. Its lease is renewed
    /// from now on like those of running bursts, so it cannot expire while it waits its turn.
    /// </summary>
    internal void Accept(LeasedInstance leased)
    {
        _held[leased.Instance.Id] = 0;
        _handedOver.Enqueue(leased);
        Interlocked.Exchange(ref _handoverArrived, NewSource()).TrySetResult();
    }

    /// <summary>
    /// Runs one batch to their next wait: the instances handed over first, then as many runnable ones as the batch has room
    /// for, leased from the store. Returns how many it ran.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default) =>
        (await RunPassAsync(leaseFromStore: true, cancellationToken).ConfigureAwait(false)).Ran;

    /// <summary>
    /// One batch: the handed-over instances, then (if <paramref name="leaseFromStore"/>) runnable ones leased from the store
    /// to fill it. <c>Full</c>: the batch was filled, so more may be waiting.
    /// </summary>
    private async Task<(int Ran, bool Full)> RunPassAsync(bool leaseFromStore, CancellationToken cancellationToken)
    {
        var leased = new List<LeasedInstance>();
        while (leased.Count < _options.InstanceLeaseBatch && _handedOver.TryDequeue(out var handed))
        {
            leased.Add(handed);
        }

        if (leaseFromStore && leased.Count < _options.InstanceLeaseBatch)
        {
            var now = _time.GetUtcNow();
            try
            {
                leased.AddRange(await _store.LeaseRunnableInstancesAsync(_options.NodeId, now, _options.LeaseDuration, _options.InstanceLeaseBatch - leased.Count, cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                // The handed-over ones wait for the next pass, still held.
                foreach (var handed in leased)
                {
                    _handedOver.Enqueue(handed);
                }

                throw;
            }
        }

        if (leased.Count == 0)
        {
            return (0, false);
        }

        await Parallel.ForEachAsync(
            leased,
            new ParallelOptions { MaxDegreeOfParallelism = _options.InstanceConcurrency, CancellationToken = cancellationToken },
            async (instance, ct) => await ProcessAsync(instance, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return (leased.Count, leased.Count >= _options.InstanceLeaseBatch);
    }

    /// <summary>Runs until no instance is runnable at the current time (tests: after advancing the clock).</summary>
    public async Task<int> RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        int count;
        while ((count = await RunOnceAsync(cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += count;
        }

        return total;
    }

    /// <summary>Renews the leases of instances whose bursts are running.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        _nextHeartbeat = now + _options.HeartbeatInterval;
        var ids = _held.Keys.ToList();
        if (ids.Count > 0)
        {
            await _store.RenewLeasesAsync(_options.NodeId, ids, now, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the leased instance's work items in order, one committed burst each; returns the last committed record.
    /// <paramref name="committed"/> hears each burst's result once it is committed.
    /// </summary>
    internal async Task<InstanceRecord?> ProcessAsync(LeasedInstance leased, CancellationToken cancellationToken, Action<BurstResult>? committed = null)
    {
        var instance = leased.Instance;
        _held[instance.Id] = 0;
        try
        {
            if (leased.WorkItems.Count == 0)
            {
                await _store.CommitBurstAsync(new BurstCommit { Instance = instance, LeaseOwner = _options.NodeId }, cancellationToken).ConfigureAwait(false);
                return instance;
            }

            var definition = await _definitions.FindAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < leased.WorkItems.Count; i++)
            {
                var item = leased.WorkItems[i];
                var last = i == leased.WorkItems.Count - 1;
                instance = await RunBurstAsync(instance, definition, item, last, cancellationToken, committed).ConfigureAwait(false);
                if (definition is not null && instance.DefinitionVersionId != definition.Id)
                {
                    // A Migrate moved the instance: its next work items run on the version it now has.
                    definition = await _definitions.FindAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false);
                }
            }

            return instance;
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(_logger, instance.Id);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            // The lease expires and the uncommitted work items run again on some node.
            LogBurstFailed(_logger, ex, instance.Id);
            return null;
        }
        finally
        {
            _held.TryRemove(instance.Id, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers)
        {
            return;
        }

        // Whether the store may hold runnable instances this node has not looked for: set by a signal from this node, a due
        // time or the poll interval, not by an instance handed over. A pass of handed-over instances alone costs the store
        // nothing; asking it anyway after every task's completion was a transaction that found nothing.
        var storeDue = true;
        DateTimeOffset? next = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = _signal.InstanceWork;
            var handed = Volatile.Read(ref _handoverArrived).Task;
            var full = false;
            try
            {
                if (_time.GetUtcNow() >= _nextHeartbeat)
                {
                    await HeartbeatAsync(stoppingToken).ConfigureAwait(false);
                }

                var leaseFromStore = storeDue;
                (_, full) = await RunPassAsync(leaseFromStore, stoppingToken).ConfigureAwait(false);
                if (leaseFromStore && !full)
                {
                    // A full batch means more may be due: the loop leases again at once and needs no wake-up time. Asked
                    // anyway, the store read every pending work item: 8-11 ms on PostgreSQL per pass of a start storm.
                    next = await _store.NextWorkItemAtAsync(stoppingToken).ConfigureAwait(false);
                    storeDue = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogPassFailed(_logger, ex);
                storeDue = true;
            }

            if (full)
            {
                continue;
            }

            var until = _time.GetUtcNow() + _options.PollInterval;
            if (next is { } due && due < until)
            {
                until = due;
            }

            try
            {
                await WorkSignal.WaitAsync(Task.WhenAny(wake, handed), until, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (wake.IsCompleted || _time.GetUtcNow() >= until)
            {
                storeDue = true;
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease on instance {InstanceId} lost; another node continues it")]
    private static partial void LogLeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Burst of instance {InstanceId} failed before it committed")]
    private static partial void LogBurstFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Instance worker pass failed; retrying after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The resume of instance {InstanceId} could not be prepared with its task's completion; it runs after a hand-over")]
    private static partial void LogResumedBurstNotPrepared(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Work item {WorkItemId} of instance {InstanceId} was a no-op: {Reason}")]
    private static partial void LogNoOp(ILogger logger, string workItemId, string instanceId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Instance {InstanceId} faulted outside the interpreter: {Message}")]
    private static partial void LogFaultedOutsideInterpreter(ILogger logger, string instanceId, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity observer {Observer} failed on {Phase} of {ActivityId}")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, object phase, string activityId);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>
/// One per node: while any progress stream is open, reads the committed journal after its cursor and hands the events to
/// the streams. A commit on this node wakes it at once; commits of other nodes arrive within <see cref="ProgressOptions.PollInterval"/>.
/// With no stream open it does not touch the store, and it starts again from the journal's head (the streams replay
/// anything older from the store themselves).
/// </summary>
public sealed partial class ProgressFeed : BackgroundService
{
    // How soon a head held back by open transactions is looked at again (they are a burst's commit: milliseconds).
    private static readonly TimeSpan StableRecheck = TimeSpan.FromMilliseconds(25);

    private readonly IWorkflowStore _store;
    private readonly WorkSignal _signal;
    private readonly TimeProvider _time;
    private readonly ProgressOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly List<ProgressSubscription> _subscriptions = [];
    private TaskCompletionSource _subscribed = NewSource();
    private FeedCursor? _cursor;
    private StableHead _stable = new();

    public ProgressFeed(IWorkflowStore store, WorkSignal signal, TimeProvider time, IOptions<ProgressOptions> options, ILogger<ProgressFeed>? logger = null)
    {
        _store = store;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = logger ?? NullLogger<ProgressFeed>.Instance;
    }

    /// <summary>Open subscriptions (for tests and the idle check).</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Follows one instance (<paramref name="instanceId"/>) or every instance, of one definition or all.</summary>
    public async Task<ProgressSubscription> SubscribeAsync(string? instanceId, string? definitionId, CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                if (_cursor is not null)
                {
                    return Add(instanceId, definitionId);
                }
            }

            // Live from the stable head: a replay up to it and the feed after it together miss nothing.
            var stable = new StableHead();
            var head = await stable.AdvanceAsync(_store, cancellationToken).ConfigureAwait(false);
            while (!stable.Known)
            {
                await Task.Delay(StableRecheck, _time, cancellationToken).ConfigureAwait(false);
                head = await stable.AdvanceAsync(_store, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                if (_cursor is null)
                {
                    _cursor = new FeedCursor(head);
                    _stable = stable;
                }

                var subscription = Add(instanceId, definitionId);
                _subscribed.TrySetResult();
                return subscription;
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            FeedCursor? cursor;
            StableHead stable;
            Task subscribed;
            lock (_gate)
            {
                if (_subscriptions.Count == 0)
                {
                    _cursor = null;
                    if (_subscribed.Task.IsCompleted)
                    {
                        _subscribed = NewSource();
                    }
                }

                cursor = _cursor;
                stable = _stable;
                subscribed = _subscribed.Task;
            }

            if (cursor is null)
            {
                await subscribed.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await PollAsync(cursor, stable, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(_logger, ex);
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PollAsync(FeedCursor cursor, StableHead stable, CancellationToken stoppingToken)
    {
        // Taken before reading, so a commit made while the read runs still wakes the next one.
        var wake = _signal.JournalWritten;
        var from = cursor.Position;

        // The stable head first, then the rows: everything up to it is among them.
        var stableUpTo = await stable.AdvanceAsync(_store, stoppingToken).ConfigureAwait(false);
        var rows = await _store.ReadJournalFeedAsync(from, null, _options.BatchSize, stoppingToken).ConfigureAwait(false);
        bool heldBack;
        lock (_gate)
        {
            if (!ReferenceEquals(_cursor, cursor))
            {
                return;
            }

            Dispatch(cursor, rows, stableUpTo);
            heldBack = cursor.Position < cursor.HighestSeen;
        }

        if (rows.Count == _options.BatchSize && cursor.Position > from)
        {
            return;
        }

        // Records held back behind a transaction still open are looked at again soon, not a whole poll interval later.
        var wait = heldBack && StableRecheck < _options.PollInterval ? StableRecheck : _options.PollInterval;
        await WorkSignal.WaitAsync(wake, _time.GetUtcNow() + wait, _time, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Instance streams hear of their records at once; all-instances streams get them in position order (under the lock).
    /// An instance stream reads its records from the store itself, so what it is offered only wakes it: a record that
    /// committed after a higher one had been read is offered once the cursor hands it out, or that stream would sleep
    /// until its keep-alive (or its instance's next record) before reading it.
    /// </summary>
    private void Dispatch(FeedCursor cursor, IReadOnlyList<JournalFeedEntry> rows, long stableUpTo)
    {
        var seen = cursor.HighestSeen;
        foreach (var row in rows)
        {
            if (row.Record.Position > seen && ProgressMapper.Map(row.Record, row.DefinitionId) is { } progress)
            {
                foreach (var subscription in _subscriptions)
                {
                    if (subscription.InstanceId == progress.InstanceId)
                    {
                        subscription.Offer(progress);
                    }
                }
            }
        }

        foreach (var row in cursor.Advance(rows, stableUpTo, _options.BatchSize))
        {
            if (ProgressMapper.Map(row.Record, row.DefinitionId) is not { } progress)
            {
                continue;
            }

            var late = row.Record.Position <= seen;
            foreach (var subscription in _subscriptions)
            {
                if (subscription.InstanceId is null
                    ? subscription.DefinitionId is null || subscription.DefinitionId == progress.DefinitionId
                    : late && subscription.InstanceId == progress.InstanceId)
                {
                    subscription.Offer(progress);
                }
            }
        }
    }

    private ProgressSubscription Add(string? instanceId, string? definitionId)
    {
        var subscription = new ProgressSubscription(instanceId, definitionId, _cursor!.Position, _options.SubscriberBuffer, Remove);
        _subscriptions.Add(subscription);
        return subscription;
    }

    private void Remove(ProgressSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
            if (_subscriptions.Count == 0)
            {
                // Idle now, not at the poller's next turn: a subscription that comes meanwhile starts at the head.
                _cursor = null;
            }
        }
    }

    public override void Dispose()
    {
        _starting.Dispose();
        base.Dispose();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the journal for the progress streams failed; trying again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}

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

            var head = await _store.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _cursor ??= new FeedCursor(head, _options.GapTimeout);
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
                subscribed = _subscribed.Task;
            }

            if (cursor is null)
            {
                await subscribed.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await PollAsync(cursor, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(_logger, ex);
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PollAsync(FeedCursor cursor, CancellationToken stoppingToken)
    {
        // Taken before reading, so a commit made while the read runs still wakes the next one.
        var wake = _signal.JournalWritten;
        var from = cursor.Position;
        var rows = await _store.ReadJournalFeedAsync(from, null, _options.BatchSize, stoppingToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        DateTimeOffset? gapExpiry;
        lock (_gate)
        {
            if (!ReferenceEquals(_cursor, cursor))
            {
                return;
            }

            Dispatch(cursor, rows, now);
            gapExpiry = cursor.NextGapExpiry;
        }

        if (rows.Count == _options.BatchSize && cursor.Position > from)
        {
            return;
        }

        var until = now + _options.PollInterval;
        await WorkSignal.WaitAsync(wake, gapExpiry is { } expiry && expiry < until ? expiry : until, _time, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Instance streams hear of their records at once; all-instances streams get them in position order (under the lock).</summary>
    private void Dispatch(FeedCursor cursor, IReadOnlyList<JournalFeedEntry> rows, DateTimeOffset now)
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

        foreach (var row in cursor.Advance(rows, now))
        {
            if (ProgressMapper.Map(row.Record, row.DefinitionId) is not { } progress)
            {
                continue;
            }

            foreach (var subscription in _subscriptions)
            {
                if (subscription.InstanceId is null && (subscription.DefinitionId is null || subscription.DefinitionId == progress.DefinitionId))
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

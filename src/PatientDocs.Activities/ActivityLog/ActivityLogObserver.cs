using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Activities.ActivityLog;

/// <summary>
/// The activity log: every start and finish goes to the shared CSV file and to the activity-log table.
/// Events are queued and written in order by one background writer, so a task never waits on the log between taking
/// its rate-limit permit and sending its request; what queued up while it wrote goes out as one batch (one file write,
/// one database transaction). <see cref="FlushAsync"/> waits for everything queued so far.
/// </summary>
public sealed partial class ActivityLogObserver : IActivityObserver, IAsyncDisposable, IDisposable
{
    private readonly CsvActivityLog _csv;
    private readonly IActivityLogStore _store;
    private readonly ILogger _logger;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>The most events written in one batch, so one write stays short even after a long stall.</summary>
    private const int MaxBatch = 500;

    public ActivityLogObserver(CsvActivityLog csv, IActivityLogStore store, ILogger<ActivityLogObserver>? logger = null)
    {
        _csv = csv;
        _store = store;
        _logger = logger ?? NullLogger<ActivityLogObserver>.Instance;
        _writer = Task.Run(WriteAsync);
    }

    public ValueTask OnActivityEventAsync(ActivityEvent activityEvent, CancellationToken cancellationToken)
    {
        _queue.Writer.TryWrite(new Entry(activityEvent, null));
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes once every event queued before the call is in the CSV file and the table.</summary>
    public Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Entry(null, flushed)))
        {
            flushed.TrySetResult();
        }

        return flushed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private async Task WriteAsync()
    {
        var batch = new List<ActivityEvent>();
        var flushed = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                if (entry.Flushed is { } flush)
                {
                    flushed.Add(flush);
                }
                else
                {
                    batch.Add(entry.Event!);
                }
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
            // Every event queued before these flushes was read before them, so it is written now.
            foreach (var flush in flushed)
            {
                flush.TrySetResult();
            }

            flushed.Clear();
        }
    }

    private async Task WriteBatchAsync(List<ActivityEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await _csv.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
            await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or System.Data.Common.DbException)
        {
            // The log must never stop the workflows it describes.
            LogWriteFailed(_logger, batch.Count, batch[0].InstanceId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} activity-log records, the first of instance {InstanceId}, could not be written")]
    private static partial void LogWriteFailed(ILogger logger, int count, string instanceId, Exception exception);

    private sealed record Entry(ActivityEvent? Event, TaskCompletionSource? Flushed);
}

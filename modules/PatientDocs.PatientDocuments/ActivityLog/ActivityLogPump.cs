using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Storage;

namespace PatientDocs.PatientDocuments.ActivityLog;

/// <summary>
/// Feeds the activity-log CSV from the store's activity log, which every burst writes in its own transaction: numbers the
/// lines committed since the last pass, then appends them after the CSV's last sequence. A pass that fails is retried with
/// a doubling delay and logged, never skipped; the workflows never wait for it.
/// </summary>
public sealed partial class ActivityLogPump(
    IWorkflowStore store,
    CsvActivityLog csv,
    IOptions<ActivityLogOptions> options,
    TimeProvider time,
    ILogger<ActivityLogPump> logger) : BackgroundService
{
    private readonly ActivityLogOptions _options = options.Value;
    private readonly SemaphoreSlim _copying = new(1, 1);

    /// <summary>
    /// Copies every line committed before the call, then returns how many lines it appended. Throws when the store or the
    /// file fails; the background loop retries on its own.
    /// </summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _copying.WaitAsync(cancellationToken);
        try
        {
            var appended = 0;
            var highest = await store.SequenceActivityLogAsync(0, cancellationToken);
            bool drained;
            do
            {
                // Numbering fewer than a batch means no line committed before this call is left unnumbered.
                var next = await store.SequenceActivityLogAsync(_options.BatchSize, cancellationToken);
                drained = next - highest < _options.BatchSize;
                highest = next;
                CsvAppendResult result;
                do
                {
                    result = await csv.AppendAsync(store, _options.BatchSize, cancellationToken);
                    Report(result);
                    appended += result.Appended;
                }
                while (result.LastSequence < highest && result.Appended > 0);
            }
            while (!drained);

            return appended;
        }
        finally
        {
            _copying.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = time.GetUtcNow() + _options.PollInterval;
            try
            {
                await FlushAsync(stoppingToken);
                if (failures > 0)
                {
                    LogRecovered(logger, csv.Path, failures);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Nothing is lost: the lines stay in the table and the next pass starts after the CSV's last sequence.
                failures++;
                var delay = RetryDelay(failures);
                next = time.GetUtcNow() + delay;
                LogCopyFailed(logger, csv.Path, failures, delay, next, ex);
            }

            // Waits until an absolute time, so a clock that has already passed it does not wait a second time.
            var wait = next - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override void Dispose()
    {
        _copying.Dispose();
        base.Dispose();
    }

    private TimeSpan RetryDelay(int failures)
    {
        var ticks = _options.RetryInitialDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= _options.RetryMaxDelay.Ticks ? _options.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private void Report(CsvAppendResult result)
    {
        if (result.MovedAsideTo is { } moved)
        {
            LogMovedAside(logger, csv.Path, moved);
        }

        if (result.CutBytes > 0)
        {
            LogTornRecordCut(logger, csv.Path, result.CutBytes, result.ResumedAfter);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Copying the activity log to {Path} failed ({Failures} in a row); retrying in {Delay} at {RetryAt}")]
    private static partial void LogCopyFailed(ILogger logger, string path, int failures, TimeSpan delay, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copying the activity log to {Path} works again after {Failures} failed passes")]
    private static partial void LogRecovered(ILogger logger, string path, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} was not a copy of this activity log (another format or database); moved it to {MovedTo} and started a new copy")]
    private static partial void LogMovedAside(ILogger logger, string path, string movedTo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} ended in a record torn by a crash ({Bytes} bytes after line {Sequence}); cut it and wrote the lines again")]
    private static partial void LogTornRecordCut(ILogger logger, string path, long bytes, long sequence);
}

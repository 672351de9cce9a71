using Microsoft.Extensions.Logging;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tasks;

/// <summary>The start-to-close timeout of one attempt: past it the attempt is abandoned as a retryable failure.</summary>
public sealed partial class TaskWorker
{
    /// <summary>
    /// Runs <paramref name="run"/> under <paramref name="timeout"/> on the injected clock. An attempt still running then is
    /// cancelled and left behind: its outcome, whenever it comes, is never resolved or committed.
    /// </summary>
    internal async Task<TaskOutcome> RunWithTimeoutAsync(TaskRecord task, TimeSpan? timeout, Func<CancellationToken, ValueTask<TaskOutcome>> run, CancellationToken cancellationToken, string? timeoutPort = null)
    {
        if (timeout is not { } limit)
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }

        var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The timer starts before the call, so the attempt's clock includes whatever the call does synchronously.
        var timer = Task.Delay(limit, _time, attempt.Token);
        var running = run(attempt.Token).AsTask();
        if (await Task.WhenAny(running, timer).ConfigureAwait(false) == running)
        {
            await attempt.CancelAsync().ConfigureAwait(false);
            attempt.Dispose();
            return await running.ConfigureAwait(false);
        }

        // Shutdown or a lost lease cancelled the timer: the usual requeue, not a timeout.
        cancellationToken.ThrowIfCancellationRequested();
        await attempt.CancelAsync().ConfigureAwait(false);
        LogAttemptTimedOut(_logger, task.Id, task.Queue, task.Attempts + 1, limit);

        // The source lives until the abandoned attempt ends: code still holding its token must not find it disposed.
        _ = running.ContinueWith(
            (late, state) =>
            {
                _ = late.Exception;
                ((CancellationTokenSource)state!).Dispose();
            },
            attempt,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return TaskOutcome.Transient($"Attempt {task.Attempts + 1} did not finish within its start-to-close timeout of {limit}; it was abandoned.", failurePort: timeoutPort);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} on {Queue}: attempt {Attempt} exceeded its start-to-close timeout of {Timeout}; abandoned, its late answer will be ignored")]
    private static partial void LogAttemptTimedOut(ILogger logger, string taskId, string queue, int attempt, TimeSpan timeout);
}

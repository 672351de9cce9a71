using System.Collections.Concurrent;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// In-process wake-ups between the API, the instance worker and the task worker, so local work starts at once; polling
/// covers work added by other nodes. A waiter takes the current token before looking at the store, so a signal raised
/// while it looks is never lost.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource _instances = NewSource();
    private TaskCompletionSource _tasks = NewSource();
    private TaskCompletionSource _journal = NewSource();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _commits = new(StringComparer.Ordinal);

    /// <summary>Completes at the next <see cref="NotifyInstanceWork"/>.</summary>
    public Task InstanceWork => Volatile.Read(ref _instances).Task;

    /// <summary>Completes at the next <see cref="NotifyTaskWork"/>.</summary>
    public Task TaskWork => Volatile.Read(ref _tasks).Task;

    /// <summary>Completes at the next commit of journal records on this node (a burst, a task's retry).</summary>
    public Task JournalWritten => Volatile.Read(ref _journal).Task;

    public void NotifyJournal() => Interlocked.Exchange(ref _journal, NewSource()).TrySetResult();

    public void NotifyInstanceWork() => Interlocked.Exchange(ref _instances, NewSource()).TrySetResult();

    public void NotifyTaskWork() => Interlocked.Exchange(ref _tasks, NewSource()).TrySetResult();

    /// <summary>Completes at the next burst of <paramref name="instanceId"/> committed on this node; pair with <see cref="ForgetCommit"/>.</summary>
    public Task CommitOf(string instanceId) => _commits.GetOrAdd(instanceId, _ => NewSource()).Task;

    /// <summary>Drops the waiter's entry when it stops waiting, so unwatched instances leave nothing behind.</summary>
    public void ForgetCommit(string instanceId, Task waited)
    {
        if (_commits.TryGetValue(instanceId, out var source) && source.Task == waited)
        {
            _commits.TryRemove(new KeyValuePair<string, TaskCompletionSource>(instanceId, source));
        }
    }

    public void NotifyCommitted(string instanceId)
    {
        NotifyJournal();
        if (_commits.TryRemove(instanceId, out var source))
        {
            source.TrySetResult();
        }
    }

    /// <summary>Waits for <paramref name="signal"/> (if any) or until <paramref name="until"/> on <paramref name="time"/>, whichever is first.</summary>
    public static async Task WaitAsync(Task? signal, DateTimeOffset until, TimeProvider time, CancellationToken cancellationToken)
    {
        var delay = until - time.GetUtcNow();
        if (delay <= TimeSpan.Zero || signal?.IsCompleted == true)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, time, cts.Token);

        // A timer counts its delay from when it starts, not from the reading above: if the clock moved in between, it is
        // due after `until`, and a driven clock set to `until` would never fire it. Read the clock again now it runs.
        if (time.GetUtcNow() < until)
        {
            await (signal is null ? Task.WhenAny(timer) : Task.WhenAny(signal, timer)).ConfigureAwait(false);
        }

        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Waits until <paramref name="until"/> on <paramref name="time"/> (see <see cref="WaitAsync(Task?, DateTimeOffset, TimeProvider, CancellationToken)"/>).</summary>
    public static async Task DelayUntilAsync(DateTimeOffset until, TimeProvider time, CancellationToken cancellationToken)
    {
        while (time.GetUtcNow() < until)
        {
            await WaitAsync(null, until, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace PatientDocs.Testing;

// FakeTimeProvider has no such signal, and advancing before the timer exists would leave it unfired.
/// <summary>A <see cref="FakeTimeProvider"/> that also says when a timer is created, so a test advances only once the code it drives is waiting.</summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan? DueTime, TaskCompletionSource Created)> _watches = [];

    /// <summary>Completes once a timer due after exactly <paramref name="dueTime"/> has been created (after this call).</summary>
    public Task WhenTimerCreated(TimeSpan dueTime)
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watches.Add((dueTime, created));
        }

        return created.Task;
    }

    /// <summary>Completes once any timer has been created (after this call): the code under test is waiting on this clock.</summary>
    public Task WhenAnyTimerCreated()
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watches.Add((null, created));
        }

        return created.Task;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> seen;
        lock (_gate)
        {
            seen = _watches.Where(w => w.DueTime is null || w.DueTime == dueTime).Select(w => w.Created).ToList();
            _watches.RemoveAll(w => w.DueTime is null || w.DueTime == dueTime);
        }

        foreach (var created in seen)
        {
            created.TrySetResult();
        }

        return timer;
    }
}

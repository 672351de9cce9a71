namespace PatientDocs.Simulators.Gateway;

/// <summary>One outage window; <see cref="Ended"/> completes when it ends or is cancelled, releasing held requests.</summary>
public sealed class Outage : IDisposable
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;

    public Outage(string id, OutageKind kind, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        Id = id;
        Kind = kind;
        StartsAt = startsAt;
        EndsAt = endsAt;
    }

    public string Id { get; }

    public OutageKind Kind { get; }

    public DateTimeOffset StartsAt { get; }

    public DateTimeOffset EndsAt { get; private set; }

    public Task Ended => _ended.Task;

    public bool IsActiveAt(DateTimeOffset now) => !_ended.Task.IsCompleted && StartsAt <= now && now < EndsAt;

    public bool IsOverAt(DateTimeOffset now) => _ended.Task.IsCompleted || now >= EndsAt;

    internal void ScheduleEnd(TimeProvider time)
    {
        var due = EndsAt - time.GetUtcNow();
        _timer = time.CreateTimer(_ => End(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    internal void End(DateTimeOffset? at = null)
    {
        if (at is { } endedAt && endedAt < EndsAt)
        {
            EndsAt = endedAt;
        }

        _ended.TrySetResult();
    }

    public void Dispose() => _timer?.Dispose();
}

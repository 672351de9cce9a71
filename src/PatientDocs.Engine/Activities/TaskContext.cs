namespace PatientDocs.Engine.Activities;

/// <summary>What a running task may know about itself and its queue.</summary>
public sealed class TaskContext
{
    public required string TaskId { get; init; }

    /// <summary>Stable across attempts and crashes: instance id + activity id (+ item key). Send it as Idempotency-Key.</summary>
    public required string IdempotencyKey { get; init; }

    public required string InstanceId { get; init; }

    public required string ActivityId { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    public required string Queue { get; init; }

    /// <summary>Tasks ready on this queue when this one was claimed; pollers use it to adapt their interval.</summary>
    public int QueueBacklog { get; init; }

    /// <summary>When the rate-limit permit was granted, if the queue is limited.</summary>
    public DateTimeOffset? PermitGrantedAt { get; init; }

    /// <summary>
    /// The end of the permit's hold: a request must be answered by then, and must not leave once it has passed (return
    /// Requeue). Null when the queue is not limited.
    /// </summary>
    public DateTimeOffset? PermitHeldUntil { get; init; }

    /// <summary>When <see cref="ReleasePermit"/> was first called: the permit counts for one window from then.</summary>
    public DateTimeOffset? PermitReleasedAt { get; private set; }

    public required IServiceProvider Services { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>The runtime's TimeScale: simulated work and local waits divide by it.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>True while a request may still be sent under the permit this task holds.</summary>
    public bool PermitStillValid() => PermitHeldUntil is not { } until || Time.GetUtcNow() < until;

    /// <summary>
    /// Call once the request under the permit has been answered or can no longer arrive (refused, abandoned): the permit
    /// counts from now instead of from the end of its hold. Later calls keep the first time.
    /// </summary>
    public void ReleasePermit()
    {
        if (PermitReleasedAt is null)
        {
            PermitReleasedAt = Time.GetUtcNow();
            OnPermitReleased?.Invoke(PermitReleasedAt.Value);
        }
    }

    /// <summary>
    /// Set by the worker to record a release in the store at once, so claimers on every node see the permit's window
    /// start from the answer rather than only once the task's completion commits.
    /// </summary>
    public Action<DateTimeOffset>? OnPermitReleased { get; init; }
}

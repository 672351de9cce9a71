using PatientDocs.Engine.Activities;

namespace PatientDocs.Engine.Activities;

/// <summary>
/// An activity that does I/O. The interpreter never runs it: it evaluates the inputs, enqueues a task on
/// <see cref="Queue"/> and suspends the instance. A task worker re-creates the activity with those inputs,
/// calls <see cref="RunAsync"/> under the queue's limits, and the outputs it sets resume the instance.
/// Mark subclasses with <see cref="ActivityAttribute"/> and <c>Kind = ActivityKind.Task</c>.
/// </summary>
public abstract class TaskActivity
{
    /// <summary>The queue whose slots, budget and rate limit this task draws on.</summary>
    public abstract string Queue { get; }

    /// <summary>Higher runs first among tasks sharing a limit; FIFO within a priority. Evaluated once the inputs are set.</summary>
    public virtual int Priority => 0;

    /// <summary>Units of the queue's per-node weighted budget this task holds while it runs (for example MB).</summary>
    public virtual long Weight => 0;

    /// <summary>
    /// Units this task's claim charges against its queue's weighted limit (<c>UnitLimit</c>, for example tokens per minute):
    /// an estimate that bounds what the call can use (prompt plus maximum completion). Report the actual usage in the
    /// outcome's <see cref="TaskOutcome.UnitsUsed"/>. Evaluated once the inputs are set; 1 by default.
    /// </summary>
    public virtual long Units => 1;

    /// <summary>
    /// Overrides the queue's start-to-close timeout for this activity (divided by TimeScale like every duration): an attempt
    /// still running then is abandoned and retried, and whatever it returns later is ignored. Null keeps the queue's.
    /// </summary>
    public virtual TimeSpan? StartToCloseTimeout => null;

    /// <summary>
    /// The port an attempt abandoned at its start-to-close timeout takes once the retries give up (as
    /// <see cref="TaskOutcome.Transient"/>'s failure port); null faults the activity.
    /// </summary>
    public virtual string? TimeoutPort => null;

    /// <summary>Runs in a task worker. Set the output properties, then return the outcome.</summary>
    public abstract ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Called once the fan-out started by <see cref="TaskOutcome.FanOut"/> has finished every item; the activity has
    /// the inputs and outputs it had when it fanned out. The default completes through <c>Done</c> when no item failed.
    /// </summary>
    public virtual TaskOutcome OnGroupCompleted(TaskGroupResult result) =>
        result.Failed == 0
            ? TaskOutcome.Completed()
            : TaskOutcome.Permanent($"{result.Failed} of {result.Total} items failed: {result.FirstError}");
}

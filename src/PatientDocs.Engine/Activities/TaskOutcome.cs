namespace PatientDocs.Engine.Activities;

/// <summary>What a task attempt produced. Retries, rescheduling and fan-out are data, not loops in activities.</summary>
public abstract record TaskOutcome
{
    /// <summary>
    /// The units the attempt actually used of its queue's weighted limit (for example the tokens in the answer's usage);
    /// the store corrects the claim's grant from the estimate to this. Null keeps the estimate charged.
    /// </summary>
    public long? UnitsUsed { get; init; }

    public static TaskOutcome Completed(string port = "Done") => new CompletedOutcome(port);

    /// <summary>Completes through several ports at once (Elsa's matched status code and Done), followed in this order.</summary>
    public static TaskOutcome CompletedThrough(params string[] ports) => new CompletedOutcome(ports[0]) { Ports = ports };

    /// <summary>
    /// A failure worth retrying (timeouts, 5xx, 429, refused connections), with the server's Retry-After if any. Once the
    /// retries give up, the activity completes through <paramref name="failurePort"/> when the workflow connects it (a flow
    /// port or a child-activity slot of that name), and faults otherwise.
    /// </summary>
    public static TaskOutcome Transient(string message, TimeSpan? retryAfter = null, string? failurePort = null) =>
        new TransientOutcome(message, retryAfter) { FailurePort = failurePort };

    /// <summary>A failure that no retry can fix: the activity takes <paramref name="failurePort"/> when connected, else faults at once.</summary>
    public static TaskOutcome Permanent(string message, string? failurePort = null) => new PermanentOutcome(message) { FailurePort = failurePort };

    /// <summary>Not done yet and not a failure (a job still running): run again after <paramref name="delay"/>; no attempt is counted.</summary>
    public static TaskOutcome RunAgainAfter(TimeSpan delay) => new RunAgainOutcome(delay);

    /// <summary>The permit's hold ended before the request could leave: put the task back, no attempt counted.</summary>
    public static TaskOutcome Requeue() => new RequeueOutcome();

    /// <summary>Fan out: one task row per item on <paramref name="queue"/>; the activity resumes when the last finishes.</summary>
    public static TaskOutcome FanOut(string queue, IReadOnlyList<TaskItem> items) => new FanOutOutcome(queue, items);
}

public sealed record CompletedOutcome(string Port) : TaskOutcome
{
    /// <summary>Every port to follow when more than <see cref="Port"/>; null means just <see cref="Port"/>.</summary>
    public IReadOnlyList<string>? Ports { get; init; }
}

public sealed record TransientOutcome(string Message, TimeSpan? RetryAfter) : TaskOutcome
{
    /// <summary>The port taken instead of a fault once the retries give up, if the workflow connects it.</summary>
    public string? FailurePort { get; init; }
}

public sealed record PermanentOutcome(string Message) : TaskOutcome
{
    /// <summary>The port taken instead of a fault, if the workflow connects it.</summary>
    public string? FailurePort { get; init; }
}

public sealed record RunAgainOutcome(TimeSpan Delay) : TaskOutcome;

public sealed record RequeueOutcome : TaskOutcome;

public sealed record FanOutOutcome(string Queue, IReadOnlyList<TaskItem> Items) : TaskOutcome;

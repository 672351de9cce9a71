using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Storage;

/// <summary>
/// Everything one burst changed, committed in one transaction, and only while <see cref="LeaseOwner"/> still holds
/// the instance's lease (otherwise the store throws <see cref="LeaseLostException"/> and nothing is written).
/// </summary>
public sealed record BurstCommit
{
    /// <summary>The instance after the burst. Its definition, name, creation time and parent are fixed when it is created and are not written again.</summary>
    public required InstanceRecord Instance { get; init; }

    /// <summary>
    /// The instance as this lease last wrote or read it, when known: a store may leave alone the columns whose value is
    /// unchanged (SQLite rewrites an index for every indexed column an UPDATE sets, even to the same value).
    /// </summary>
    public InstanceRecord? Previous { get; init; }

    public required string LeaseOwner { get; init; }
    public IReadOnlyList<string> ConsumedWorkItemIds { get; init; } = [];
    public IReadOnlyList<string> RemovedBookmarkIds { get; init; } = [];
    public IReadOnlyList<BookmarkRecord> NewBookmarks { get; init; } = [];
    public IReadOnlyList<WorkItemRecord> NewWorkItems { get; init; } = [];

    /// <summary>Child instances this burst started, created with their start items (in <see cref="NewWorkItems"/>).</summary>
    public IReadOnlyList<InstanceRecord> NewInstances { get; init; } = [];

    /// <summary>Adds a cancel work item for every unfinished instance whose parent is this one (the parent was cancelled).</summary>
    public bool CancelChildren { get; init; }

    /// <summary>Adds a cancel work item for each of these child instances of this one that is unfinished (an alteration stopped the activity waiting for it).</summary>
    public IReadOnlyList<string> CancelChildInstanceIds { get; init; } = [];

    /// <summary>Adds a cancel work item for every unfinished child of this instance that resumes one of these bookmarks (bulk dispatches an alteration stopped).</summary>
    public IReadOnlyList<string> CancelChildrenOfBookmarkIds { get; init; } = [];

    /// <summary>Inserted unless a task with the same idempotency key exists, whatever its state (that one is kept).</summary>
    public IReadOnlyList<TaskRecord> NewTasks { get; init; } = [];

    /// <summary>
    /// Tasks an operator retry enqueues again. A task with the same idempotency key that is no longer pending or running is
    /// re-opened in place: same id and key, every other column as in the new record (pending from its NotBefore, no attempts,
    /// its deadline). A pending or running one is kept; with none, the new record is inserted.
    /// </summary>
    public IReadOnlyList<TaskRecord> RetriedTasks { get; init; } = [];

    /// <summary>Cancels the pending and running tasks that would resume these bookmarks (an alteration cancelled or re-ran their activity).</summary>
    public IReadOnlyList<string> CancelTasksOfBookmarkIds { get; init; } = [];

    /// <summary>Cancels every pending task and bookmark of the instance (instance cancelled or finished).</summary>
    public bool CancelPendingTasks { get; init; }
    public IReadOnlyList<JournalRecord> Journal { get; init; } = [];
    public IReadOnlyList<ActivityExecutionRecord> ActivityExecutions { get; init; } = [];

    /// <summary>Activity-log lines of this burst, in order: written in the same transaction, so the log holds what happened.</summary>
    public IReadOnlyList<ActivityEvent> ActivityLog { get; init; } = [];

    /// <summary>Release the lease after the commit (the normal case); keep it when the burst loop continues.</summary>
    public bool ReleaseLease { get; init; } = true;

    /// <summary>The response a WriteHttpResponse wrote in this burst; stored unless the instance has one already (the first wins).</summary>
    public Activities.HttpResponseData? HttpResponse { get; init; }
}

public sealed record ClaimRequest
{
    /// <summary>
    /// Queues that share the limit (if any); tasks are taken by priority descending, then FIFO by CreatedAt (a task that
    /// backed off keeps its place once due). Ready means Pending with NotBefore &lt;= Now, or Running with an expired lease
    /// (its owner crashed).
    /// </summary>
    public required IReadOnlyList<string> Queues { get; init; }
    public required string Owner { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required TimeSpan LeaseDuration { get; init; }
    public required int MaxTasks { get; init; }

    /// <summary>
    /// Weight still free on this node (null: no budget). The claimed tasks' weights sum to at most this; the claim stops at
    /// the first task that does not fit rather than skipping it, so heavy tasks are not starved by light ones.
    /// </summary>
    public long? WeightAvailable { get; init; }

    /// <summary>Checked and recorded in the same transaction as the claim, so a grant is never taken without a task.</summary>
    public RateLimitSpec? Limit { get; init; }

    /// <summary>
    /// The queues' weighted limit, if any: each claimed task's <see cref="TaskRecord.Units"/> are granted in it at the same
    /// time as its <see cref="Limit"/> permit, in the same transaction; a task heavier than its whole capacity is claimed
    /// without a grant (the claimer refuses it).
    /// </summary>
    public RateLimitSpec? UnitLimit { get; init; }

    /// <summary>
    /// The claimer's clock. When set, the store reads the time again once it holds the limit (writer or row lock) and stamps
    /// grants and leases with it (never earlier than <see cref="Now"/>): time spent waiting for the lock must not eat the
    /// permit's hold. A store whose windows run on a clock of its own (PostgreSQL's) translates through it.
    /// </summary>
    public TimeProvider? Clock { get; init; }
}

/// <summary>
/// Claimed tasks; when a limit stopped the claim (ready tasks left, no permit), when its next permit frees up; and when
/// the next task of these queues becomes ready (earliest future NotBefore or running lease expiry), if any. Every time
/// here, the tasks' <see cref="TaskRecord.PermitGrantedAt"/> included, is in the claimer's clock, whatever clock the
/// store counts its windows by.
/// </summary>
public sealed record ClaimResult(IReadOnlyList<TaskRecord> Tasks, DateTimeOffset? NextPermitAt, DateTimeOffset? NextTaskAt);

public enum TaskResolution
{
    /// <summary>Done: <see cref="TaskCompletion.Result"/> resumes the instance (or counts towards the group).</summary>
    Completed,

    /// <summary>Failed for good: the failure resumes the instance (or counts towards the group).</summary>
    Failed,

    /// <summary>Back to Pending at <see cref="TaskCompletion.NotBefore"/> (retry, poll again, requeue).</summary>
    Rescheduled,

    /// <summary>Completed by fanning out: the group rows in <see cref="TaskCompletion.FanOut"/> are inserted instead of resuming.</summary>
    FannedOut,
}

public sealed record TaskCompletion
{
    public required string TaskId { get; init; }
    public required string Owner { get; init; }
    public required TaskResolution Resolution { get; init; }
    public required DateTimeOffset Now { get; init; }
    public string? Result { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>
    /// When the request made under this attempt's rate-limit permit was answered (or abandoned); the store releases the
    /// permit at this time so it counts for one window from then. Null: released at <see cref="Now"/>.
    /// </summary>
    public DateTimeOffset? PermitReleasedAt { get; init; }

    /// <summary>
    /// The weighted limit the attempt's units were granted in, and what the attempt reports it used: the store sets that
    /// grant's units to it (the estimate stays when null).
    /// </summary>
    public string? UnitLimit { get; init; }

    /// <summary>See <see cref="UnitLimit"/>.</summary>
    public long? UnitsUsed { get; init; }

    /// <summary>Whether this attempt counts (retries do; polling again and requeues do not).</summary>
    public bool CountAttempt { get; init; } = true;

    /// <summary>
    /// For a group item: the group's completion work item, used only if this was the last item. For a fan-out: used at once
    /// when the group is already complete (no items, or every item key already completed earlier).
    /// </summary>
    public WorkItemRecord? GroupCompletedWorkItem { get; init; }

    /// <summary>For a task that is not in a group: the work item that resumes its instance.</summary>
    public WorkItemRecord? ResumeWorkItem { get; init; }

    /// <summary>
    /// When set and <see cref="ResumeWorkItem"/> is inserted into an instance no node holds, the store also leases that
    /// instance to <see cref="Owner"/> for this long, in the same transaction, and answers with it and its due work items
    /// (<see cref="IWorkflowStore.CompleteTaskAndLeaseAsync"/>): the completing node runs the resume burst at once instead
    /// of a lease pass finding it, which cost a transaction and a scan of the due work. Anyone else's lease is left alone.
    /// </summary>
    public TimeSpan? LeaseInstanceFor { get; init; }

    /// <summary>
    /// With <see cref="LeaseInstanceFor"/>: when the resume is the instance's only due work and no node holds it, a store
    /// that can runs this in the completion's transaction (the instance's row locked) and commits the burst it returns
    /// there too, instead of inserting the resume and handing the instance over. One transaction then does what took two,
    /// and the resume item and the lease are never written. Null from the runner, or a store that cannot (SQLite's single
    /// writer would run every burst in turn), leaves the hand-over. The runner must not write: what it prepares is
    /// thrown away if the transaction is run again or fails.
    /// </summary>
    public ResumedBurstRunner? RunResumedBurst { get; init; }
    public TaskFanOut? FanOut { get; init; }

    /// <summary>
    /// A record the store journals with this completion, in the same transaction (a retry of the task's activity). Its
    /// empty <see cref="JournalRecord.ActivityInstanceId"/>, parent, name and node id are taken from the latest record of
    /// the same activity in the instance's journal, which the task worker does not know.
    /// </summary>
    public JournalRecord? Journal { get; init; }
}

/// <summary>
/// The group and its items. An item already enqueued by an earlier fan-out of the same parent task (an operator retry re-ran
/// it; the retry re-opened the parent in place) is not inserted twice: a completed one counts as succeeded at once, a pending
/// or running one moves into this group, a failed or cancelled one is re-opened in place in this group (as
/// <see cref="BurstCommit.RetriedTasks"/> re-opens a task). Any other item whose key is taken is skipped. A group complete at
/// once (no items, or all completed earlier) makes <see cref="TaskCompletion.GroupCompletedWorkItem"/> available.
/// </summary>
public sealed record TaskFanOut(TaskGroupRecord Group, IReadOnlyList<TaskRecord> Items);

/// <summary>
/// What a completion did: whether it was recorded (false: the lease on the task was lost), and the instance it leased to the
/// completing node with the instance's due work items, the resume among them (see <see cref="TaskCompletion.LeaseInstanceFor"/>).
/// </summary>
public sealed record TaskCompletionResult(bool Recorded, LeasedInstance? Leased)
{
    /// <summary>The resumed burst committed with the completion (<see cref="TaskCompletion.RunResumedBurst"/>); its <see cref="PreparedBurst.Committed"/> is the caller's to run once this returns.</summary>
    public PreparedBurst? Burst { get; init; }
}

/// <summary>Prepares the burst that resumes a leased instance (its one work item, the resume); null when it cannot be prepared apart from its commit.</summary>
public delegate Task<PreparedBurst?> ResumedBurstRunner(LeasedInstance leased, CancellationToken cancellationToken);

/// <summary>A burst ready to commit, and what its maker does once the commit is durable (signals, metrics, observers).</summary>
public sealed record PreparedBurst(BurstCommit Commit, Func<Task> Committed);

public sealed class LeaseLostException(string instanceId)
    : Exception($"The lease on instance {instanceId} was lost; its burst was not committed.")
{
    public string InstanceId { get; } = instanceId;
}

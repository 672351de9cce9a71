
namespace PatientDocs.Engine.Storage;

// The rows the store keeps. They are the seam between the engine and its stores (in-memory and EF); the engine owns
// their meaning, the stores only keep them safe. JSON columns are strings so no store needs to know their shape.

/// <summary>A workflow instance: its state snapshot plus the columns that lists filter on.</summary>
public sealed record InstanceRecord
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required string DefinitionVersionId { get; init; }
    public required int Version { get; init; }
    public string? Name { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>The instance whose ExecuteWorkflow, DispatchWorkflow or BulkDispatchWorkflows started this one.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The parent's bookmark this instance's end resumes (a bulk dispatch's); null: <c>child:</c> + this id, or none once reported.</summary>
    public string? ParentBookmarkId { get; init; }
    public WorkflowStatus Status { get; init; }
    public WorkflowSubStatus SubStatus { get; init; }
    public int IncidentCount { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The interpreter's snapshot (JSON). Stays small: fan-out lives in task rows, not here.</summary>
    public required string State { get; init; }
}

public enum BookmarkKind
{
    Timer,
    Event,
    Task,
    TaskGroup,
    Trigger,

    /// <summary>Waits for a child instance; the bookmark id is <c>child:</c> + the child's instance id.</summary>
    Child,
}

/// <summary>A point where an instance waits. Consumed exactly once.</summary>
public sealed record BookmarkRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public string? ActivityNodeId { get; init; }
    public required BookmarkKind Kind { get; init; }

    /// <summary>Event name, task id or group id, depending on the kind.</summary>
    public string? Name { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public enum WorkItemKind
{
    Start,
    Resume,
    Cancel,
    Retry,

    /// <summary>Alterations to apply (payload: the alteration list); they run under the instance's lease like any burst.</summary>
    Alter,

    /// <summary>The workflow-level timeout fell due.</summary>
    Timeout,
}

/// <summary>
/// Pending work for an instance (start, a due timer, an event, a task completion, cancel, retry). An instance is runnable
/// when it has a work item whose <see cref="AvailableAt"/> has passed; timers are work items available at their due time.
/// </summary>
public sealed record WorkItemRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required WorkItemKind Kind { get; init; }
    public string? BookmarkId { get; init; }

    /// <summary>JSON payload: workflow input, event payload or task result.</summary>
    public string? Payload { get; init; }
    public required DateTimeOffset AvailableAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public enum TaskState
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>A unit of I/O waiting for, holding or done with its queue's slots, budget and permits.</summary>
public sealed record TaskRecord
{
    public required string Id { get; init; }
    public required string Queue { get; init; }

    /// <summary>Activity type name for an activity task, or the queue's item handler for a fan-out item.</summary>
    public required string Handler { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }

    /// <summary>
    /// Unique: instance id + activity id (+ item key). A repeated enqueue with the same key is ignored; an operator retry
    /// re-opens the finished row in place instead (<see cref="BurstCommit.RetriedTasks"/>), so a service sees the same key.
    /// </summary>
    public required string IdempotencyKey { get; init; }
    public string? BookmarkId { get; init; }
    public string? GroupId { get; init; }
    public int Priority { get; init; }
    public long Weight { get; init; }

    /// <summary>Units its claim charges against the queue's weighted limit (its estimate, for example tokens); 1 by default.</summary>
    public long Units { get; init; } = 1;
    public TaskState State { get; init; }
    public int Attempts { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    /// <summary>When the rate-limit permit of the running attempt takes effect; the task must not send before it.</summary>
    public DateTimeOffset? PermitGrantedAt { get; init; }
    public required string Input { get; init; }
    public string? Result { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>A fan-out: a counter instead of N entries in the instance's state.</summary>
public sealed record TaskGroupRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string BookmarkId { get; init; }
    public required string ParentTaskId { get; init; }
    public required int Total { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public string? FirstError { get; init; }

    /// <summary>The fanning-out activity's inputs and outputs (JSON), handed back to it when the group completes.</summary>
    public required string ActivityState { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Elsa's WorkflowExecutionLogRecord (journal entry).</summary>
public sealed record JournalRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public string? ActivityInstanceId { get; init; }
    public string? ParentActivityInstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public required string NodeId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public long Sequence { get; init; }
    public required string EventName { get; init; }
    public string? Message { get; init; }
    public string? Source { get; init; }

    /// <summary>JSON object or null.</summary>
    public string? Payload { get; init; }

    /// <summary>
    /// Assigned by the store when the record is written: global and increasing, so it orders every instance's records and
    /// serves as the all-instances progress cursor. 0 before it is stored.
    /// </summary>
    public long Position { get; init; }
}

public enum ActivityExecutionStatus
{
    Running,
    Completed,
    Canceled,
    Faulted,
}

/// <summary>Elsa's ActivityExecutionRecord: one execution of one activity (upserted as it progresses).</summary>
public sealed record ActivityExecutionRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public bool HasBookmarks { get; init; }
    public ActivityExecutionStatus Status { get; init; }

    /// <summary>JSON objects: evaluated inputs, outputs, payload; exception as JSON or null.</summary>
    public string? ActivityState { get; init; }
    public string? Outputs { get; init; }
    public string? Payload { get; init; }
    public string? Exception { get; init; }
}

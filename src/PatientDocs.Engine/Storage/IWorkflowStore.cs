using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Storage;

/// <summary>
/// The engine's only view of durable state. Two implementations: <c>InMemoryWorkflowStore</c> (tests, benchmarks) and the EF
/// store in PatientDocs.Persistence (SQLite, PostgreSQL). One store test suite holds both to the same behaviour.
/// Every method is atomic; none holds a transaction open across calls.
/// </summary>
public interface IWorkflowStore
{
    // Definitions -----------------------------------------------------------------------------------------------

    Task<WorkflowDefinition?> FindDefinitionAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default);

    Task<WorkflowDefinition?> FindDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The id of the version <see cref="FindDefinitionAsync"/> would return, without reading or parsing its JSON: a start
    /// resolves its version here when its node remembers none (or the store refused the one it remembered, see
    /// <see cref="StartVersion"/>) and takes the parsed version from the runtime's cache.
    /// </summary>
    Task<string?> FindDefinitionVersionIdAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default);

    Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(DefinitionQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the lock under which a definition's versions are numbered and flagged, until the returned handle is disposed.
    /// Every node of the store takes its turn (two nodes saving, publishing or importing one definition at once would
    /// otherwise both number a version N + 1, or both leave theirs published); different definitions do not wait for
    /// each other.
    /// </summary>
    Task<IAsyncDisposable> LockDefinitionAsync(string definitionId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the version with <c>definition.Id</c>; the caller keeps isLatest/isPublished consistent across versions.</summary>
    Task SaveDefinitionVersionsAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken cancellationToken = default);

    /// <summary>Deletes every version of a definition; returns how many were deleted.</summary>
    Task<int> DeleteDefinitionAsync(string definitionId, CancellationToken cancellationToken = default);

    Task<bool> DeleteDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default);

    // Schedules -------------------------------------------------------------------------------------------------

    /// <summary>
    /// The state of the schedule trigger <paramref name="key"/> for this definition version: created, or re-armed when a new
    /// version was published, with <paramref name="armedAt"/> as its last tick; otherwise as it stands.
    /// </summary>
    Task<ScheduleState> ArmScheduleAsync(string key, string definitionVersionId, DateTimeOffset armedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires one tick in one transaction: moves the schedule's last tick to <paramref name="tick"/>'s and creates the instance
    /// with its start item, only if the schedule is still armed for that version and its last tick is earlier. False when
    /// another node fired it first (or a new version re-armed it): then nothing is created, so each tick starts one instance.
    /// </summary>
    Task<bool> FireScheduleAsync(ScheduleState tick, InstanceRecord instance, WorkItemRecord start, CancellationToken cancellationToken = default);

    // Instances -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Creates instances with their first work items in one transaction (bulk start goes through here in batches). With
    /// <paramref name="versions"/>, only if each still names the version its options select; otherwise it creates nothing
    /// and returns false.
    /// </summary>
    Task<bool> CreateInstancesAsync(
        IReadOnlyList<InstanceRecord> instances,
        IReadOnlyList<WorkItemRecord> workItems,
        IReadOnlyList<StartVersion>? versions = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates one instance with its start item, already leased to <paramref name="owner"/> until <paramref name="leaseExpiresAt"/>,
    /// in one transaction. The execute endpoint runs the first burst through this: no worker, here or on another node, can
    /// take the instance between its creation and that burst, so execute always answers with the burst's outcome. With
    /// <paramref name="version"/>, as <see cref="CreateInstancesAsync"/>: false, creating nothing, if it is no longer selected.
    /// </summary>
    Task<bool> CreateLeasedInstanceAsync(
        InstanceRecord instance,
        WorkItemRecord start,
        string owner,
        DateTimeOffset leaseExpiresAt,
        StartVersion? version = null,
        CancellationToken cancellationToken = default);

    Task<InstanceRecord?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<PagedResult<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the instance and everything it owns (bookmarks, work items, tasks, journal, executions).</summary>
    Task<bool> DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<long> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    // Leases and bursts -----------------------------------------------------------------------------------------

    /// <summary>
    /// Leases up to <paramref name="max"/> instances that have a work item available at <paramref name="now"/> and no live lease
    /// (none, or expired). Instances with work other than a start come first (started ones finish before new ones begin),
    /// then the oldest pending work. Returns each with its available work items, oldest first.
    /// </summary>
    Task<IReadOnlyList<LeasedInstance>> LeaseRunnableInstancesAsync(string owner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases one instance, if no one else holds a live lease on it, with its work items available at <paramref name="now"/>.
    /// Null when leased elsewhere or unknown.
    /// </summary>
    Task<LeasedInstance?> LeaseInstanceAsync(string instanceId, string owner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases this owner still holds; returns the ids it no longer holds.</summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(string owner, IReadOnlyList<string> instanceIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Commits one burst atomically. Throws <see cref="LeaseLostException"/> if the lease is gone.</summary>
    Task CommitBurstAsync(BurstCommit commit, CancellationToken cancellationToken = default);

    /// <summary>The first HTTP response the instance wrote (<see cref="BurstCommit.HttpResponse"/>), or null.</summary>
    Task<Activities.HttpResponseData?> FindHttpResponseAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Adds work for an existing instance (cancel, external resume); no lease needed.</summary>
    Task AddWorkItemsAsync(IReadOnlyList<WorkItemRecord> workItems, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds an operator retry (a <see cref="WorkItemKind.Retry"/> item) only if its instance is running with an incident and
    /// has no retry pending yet, checked and written atomically; false, adding nothing, otherwise.
    /// </summary>
    Task<bool> AddRetryWorkItemAsync(WorkItemRecord retry, CancellationToken cancellationToken = default);

    /// <summary>
    /// When the next work item becomes available to a worker (to sleep until then), or null if none is pending. An item of an
    /// instance under a live lease counts from that lease's expiry, so a busy instance does not make workers spin.
    /// </summary>
    Task<DateTimeOffset?> NextWorkItemAtAsync(CancellationToken cancellationToken = default);

    // Bookmarks -------------------------------------------------------------------------------------------------

    Task<IReadOnlyList<BookmarkRecord>> ListBookmarksAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Event bookmarks with this name; a null correlation matches any.</summary>
    Task<IReadOnlyList<BookmarkRecord>> FindEventBookmarksAsync(string eventName, string? correlationId, CancellationToken cancellationToken = default);

    // Tasks -----------------------------------------------------------------------------------------------------

    /// <summary>Claims ready tasks (SKIP LOCKED on PostgreSQL), recording a rate-limit grant per task in the same transaction.</summary>
    Task<ClaimResult> ClaimTasksAsync(ClaimRequest request, CancellationToken cancellationToken = default);

    /// <summary>Resolves a claimed task (only while <c>Owner</c> holds it); returns false if the lease was lost.</summary>
    Task<bool> CompleteTaskAsync(TaskCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="CompleteTaskAsync"/>, and in the same transaction the lease on the resumed instance when the completion asks
    /// for it (<see cref="TaskCompletion.LeaseInstanceFor"/>) and no node holds the instance.
    /// </summary>
    Task<TaskCompletionResult> CompleteTaskAndLeaseAsync(TaskCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>Extends task leases this owner still holds; returns the ids it no longer holds.</summary>
    Task<IReadOnlyList<string>> RenewTaskLeasesAsync(string owner, IReadOnlyList<string> taskIds, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    Task<TaskRecord?> FindTaskAsync(string taskId, CancellationToken cancellationToken = default);

    Task<TaskGroupRecord?> FindTaskGroupAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Every task of an instance, oldest enqueue first.</summary>
    Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per queue with unfinished tasks: those claimable at <paramref name="now"/> (pending and due, or running under an
    /// expired lease) and when the next other one becomes claimable; leases <paramref name="owner"/> holds are not waited for.
    /// </summary>
    Task<IReadOnlyDictionary<string, QueueBacklog>> SummarizeQueuesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="SummarizeQueuesAsync"/> for these queues without counting: <c>Ready</c> is 1 when at least one task is
    /// claimable. A few index seeks per queue, so the task worker's frequent passes do not cost the size of the backlog.
    /// </summary>
    Task<IReadOnlyDictionary<string, QueueBacklog>> PeekQueuesAsync(string owner, DateTimeOffset now, IReadOnlyCollection<string> queues, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pending and running tasks of these queues in claim order (priority descending, then oldest first, then the store's
    /// tie order), in one read: what an estimate of each task's start needs, without inputs or results.
    /// </summary>
    Task<IReadOnlyList<QueuedTask>> ListQueuedTasksAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default);

    // Rate limits -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Releases the rate-limit permit a task's attempt took at <paramref name="grantedAt"/> (or every permit a holder of
    /// <see cref="AcquirePermitsAsync"/> took then): it counts for one window from <paramref name="releasedAt"/>. Only that
    /// attempt's own grant, and only once; the completion releases it otherwise.
    /// </summary>
    Task ReleasePermitAsync(string taskId, DateTimeOffset grantedAt, DateTimeOffset releasedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes permits outside any task (<see cref="PermitRequest"/>), counted in the same window as the tasks' and released
    /// with <see cref="ReleasePermitAsync"/> under the request's holder and the grant time returned.
    /// </summary>
    Task<PermitAcquisition> AcquirePermitsAsync(PermitRequest request, CancellationToken cancellationToken = default);

    /// <summary>Grant times of a limit inside the window ending at <paramref name="now"/> (for stats and tests).</summary>
    Task<IReadOnlyList<DateTimeOffset>> ListGrantsAsync(string limitName, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>The grants of a limit granted inside the window ending at <paramref name="now"/>, with their units (for stats and tests).</summary>
    Task<IReadOnlyList<PermitGrant>> ListPermitGrantsAsync(string limitName, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default);

    // Journal and activity executions ---------------------------------------------------------------------------

    Task<PagedResult<JournalRecord>> ListJournalAsync(string instanceId, JournalFilter filter, int skip, int take, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ActivityExecutionRecord>> ListActivityExecutionsAsync(string instanceId, string? activityNodeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Committed journal records of one instance with a position after <paramref name="afterPosition"/>, in position
    /// order, at most <paramref name="max"/>. One instance's records commit in position order, so what this returns is
    /// always a prefix of what it will return later.
    /// </summary>
    Task<IReadOnlyList<JournalRecord>> ReadInstanceJournalAsync(string instanceId, long afterPosition, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Committed journal records of every instance (or of the instances of <paramref name="definitionId"/>) with a position
    /// after <paramref name="afterPosition"/>, in position order, at most <paramref name="max"/>, each with its instance's
    /// definition id. On a store with concurrent writers a lower position may still commit after a higher one is visible.
    /// </summary>
    Task<IReadOnlyList<JournalFeedEntry>> ReadJournalFeedAsync(long afterPosition, string? definitionId, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest journal position assigned so far, the write transactions open just after it was read (none on a store
    /// that commits in position order), and which of <paramref name="openTransactions"/> (from earlier marks) are still open.
    /// </summary>
    Task<JournalMark> MarkJournalAsync(IReadOnlyList<long> openTransactions, CancellationToken cancellationToken = default);

    /// <summary>The highest journal position assigned so far (0 when none).</summary>
    Task<long> GetJournalHeadAsync(CancellationToken cancellationToken = default);

    Task<ActivityExecutionRecord?> FindActivityExecutionAsync(string id, CancellationToken cancellationToken = default);

    // Activity log ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Numbers committed activity-log lines that have no sequence yet, oldest commit first, at most <paramref name="max"/>
    /// (0 only reads). One caller at a time across nodes, so the sequences are dense and never reused. Returns the highest
    /// sequence assigned so far (0 when none).
    /// </summary>
    Task<long> SequenceActivityLogAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Sequenced lines after <paramref name="afterSequence"/>, in sequence order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ActivityLogRecord>> ReadActivityLogAsync(long afterSequence, int max, CancellationToken cancellationToken = default);

    /// <summary>The lines of one instance in commit order, sequenced or not; they outlive the instance's deletion.</summary>
    Task<IReadOnlyList<ActivityLogRecord>> ListActivityLogAsync(string instanceId, CancellationToken cancellationToken = default);
}

public sealed record LeasedInstance(InstanceRecord Instance, IReadOnlyList<WorkItemRecord> WorkItems);

public sealed record JournalFilter
{
    public IReadOnlyList<string>? ActivityIds { get; init; }
    public IReadOnlyList<string>? ActivityNodeIds { get; init; }
    public IReadOnlyList<string>? ExcludedActivityTypes { get; init; }
    public IReadOnlyList<string>? EventNames { get; init; }
    public IReadOnlyList<string>? ExcludedEventNames { get; init; }
}

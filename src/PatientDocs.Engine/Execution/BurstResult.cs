using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>What one burst produced: a new snapshot plus the side effects the runtime commits with it.</summary>
public sealed record BurstResult
{
    public required string StateJson { get; init; }
    public required WorkflowStatus Status { get; init; }
    public required WorkflowSubStatus SubStatus { get; init; }
    public int IncidentCount { get; init; }

    /// <summary>When the instance finished, per its state (an alteration that re-opens and ends it again moves it).</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    public string? CorrelationId { get; init; }
    public IReadOnlyList<BookmarkRecord> NewBookmarks { get; init; } = [];
    public IReadOnlyList<string> RemovedBookmarkIds { get; init; } = [];
    public IReadOnlyList<TaskRequest> Tasks { get; init; } = [];

    /// <summary>Child instances to create in the same commit; each waits on the bookmark <c>child:</c> + its id.</summary>
    public IReadOnlyList<ChildStart> Children { get; init; } = [];

    /// <summary>Bulk dispatches whose children are created in the same commit; they all resume the dispatch's one bookmark.</summary>
    public IReadOnlyList<BulkStart> BulkStarts { get; init; } = [];

    /// <summary>Events the burst published, delivered in the same commit.</summary>
    public IReadOnlyList<Activities.PublishedEvent> PublishedEvents { get; init; } = [];

    /// <summary>The workflow's output (a finished child hands it to its parent).</summary>
    public System.Text.Json.Nodes.JsonObject Output { get; init; } = [];
    public IReadOnlyList<JournalRecord> Journal { get; init; } = [];
    public IReadOnlyList<ActivityExecutionRecord> ActivityExecutions { get; init; } = [];

    /// <summary>Every activity execution's start and finish in this burst, in the order they happened.</summary>
    public IReadOnlyList<ActivityEvent> ActivityLog { get; init; } = [];

    /// <summary>The HTTP response a WriteHttpResponse wrote in this burst, for the request that started it (if still open).</summary>
    public Activities.HttpResponseData? HttpResponse { get; init; }

    /// <summary>Bookmarks of task activities an alteration cancelled or invalidated: their pending and running tasks are cancelled.</summary>
    public IReadOnlyList<string> CancelledTaskBookmarkIds { get; init; } = [];

    /// <summary>Child instances whose waiting activity an alteration stopped or re-ran: they are cancelled.</summary>
    public IReadOnlyList<string> CancelledChildInstanceIds { get; init; } = [];

    /// <summary>Bulk dispatches an alteration stopped or re-ran: their unfinished children are cancelled.</summary>
    public IReadOnlyList<string> CancelledBulkBookmarkIds { get; init; } = [];

    /// <summary>Set when this alteration re-opened a finished instance: how often it has been re-opened (its timeout is armed again).</summary>
    public int? Reopenings { get; init; }

    /// <summary>For an alteration burst, what it did or why it refused (then <see cref="Ignored"/>); null for any other burst.</summary>
    public IReadOnlyList<string>? AlterationLog { get; init; }

    /// <summary>True when the stimulus was a no-op (bookmark already consumed, instance already finished); see <see cref="IgnoredReason"/>.</summary>
    public bool Ignored { get; init; }
    public string? IgnoredReason { get; init; }
}

using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Storage;

/// <summary>
/// <see cref="IWorkflowStore"/> in process memory, for tests and benchmarks. One lock makes every method atomic, which is
/// the same guarantee the EF store gets from a transaction. Records are immutable, so handing them out is safe;
/// definitions are cloned on the way in and out.
/// </summary>
public sealed partial class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkflowDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sequenced<WorkItemRecord>> _workItems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BookmarkRecord> _bookmarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sequenced<TaskRecord>> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _taskIdsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskGroupRecord> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Grant>> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _longestWindow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalRecord>> _journal = new(StringComparer.Ordinal);
    private readonly List<JournalRecord> _journalFeed = [];
    private readonly Dictionary<string, ActivityExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly List<ActivityLogRecord> _activityLog = [];
    private readonly Dictionary<string, Activities.HttpResponseData> _httpResponses = new(StringComparer.Ordinal);
    private int _activityLogSequenced;
    private long _sequence;
    private long _journalPosition;

    // Helpers (called under the lock) ----------------------------------------------------------------------------

    private static bool Contains(string? text, string term) =>
        text is not null && text.Contains(term, StringComparison.OrdinalIgnoreCase);

    private static void RemoveWhere<T>(Dictionary<string, T> map, Func<T, bool> predicate)
    {
        foreach (var key in map.Where(kv => predicate(kv.Value)).Select(kv => kv.Key).ToList())
        {
            map.Remove(key);
        }
    }

    private void AddWorkItems(IEnumerable<WorkItemRecord> workItems)
    {
        foreach (var item in workItems)
        {
            _workItems[item.Id] = new Sequenced<WorkItemRecord>(item, ++_sequence);
        }
    }

    private readonly record struct Sequenced<T>(T Value, long Sequence);
}

using System.Collections.Concurrent;
using PatientDocs.Engine.Storage;
using PatientDocs.StateLanguage.Compiling;

namespace PatientDocs.StateLanguage.Executions;

/// <summary>
/// Reads executions from the engine's store: an execution is an instance of a compiled definition, and its view is made
/// from the instance, its activity executions, tasks and bookmarks on every read (no second copy to drift).
/// </summary>
public sealed class ExecutionReader(IWorkflowStore store)
{
    private const int ListPageSize = 500;
    private const int MaxJournalRead = 100_000;

    /// <summary>The journal event of an activity execution's start; its sequence orders starts within one millisecond.</summary>
    private const string StartedEvent = "Started";

    // A definition version never changes once saved, so its map is read once.
    private readonly ConcurrentDictionary<string, StateMap?> _maps = new();

    /// <summary>The execution, or null when there is no instance with this id compiled from the state language.</summary>
    public async Task<ExecutionView?> FindAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var instance = await store.FindInstanceAsync(executionId, cancellationToken);
        return instance is null ? null : await ViewAsync(instance, cancellationToken);
    }

    /// <summary>
    /// The executions of these definitions with this status (null: any), newest first, as one page and the count of every
    /// match. RUNNING, CANCELLED and any status are filtered and paged by the store; SUCCEEDED and FAILED share the engine's
    /// Finished status and differ only in the instance's output, so those read the finished (and incident-stopped) instances
    /// and filter here. Only the page's items read their steps.
    /// </summary>
    public async Task<(IReadOnlyList<ExecutionSummary> Items, int Total)> ListAsync(
        IReadOnlyList<string> definitionIds, string? status, int offset, int limit, CancellationToken cancellationToken = default)
    {
        if (definitionIds.Count == 0)
        {
            return ([], 0);
        }

        var query = new InstanceQuery { DefinitionIds = definitionIds };
        var (page, total) = status switch
        {
            null => await PageAsync(query, offset, limit, cancellationToken),
            ExecutionStatuses.Running => await PageAsync(
                query with { Statuses = [WorkflowStatus.Running], SubStatuses = [WorkflowSubStatus.Pending, WorkflowSubStatus.Executing, WorkflowSubStatus.Suspended] },
                offset, limit, cancellationToken),
            ExecutionStatuses.Cancelled => await PageAsync(query with { SubStatuses = [WorkflowSubStatus.Cancelled] }, offset, limit, cancellationToken),
            _ => await FilterAsync(query with { SubStatuses = [WorkflowSubStatus.Finished, WorkflowSubStatus.Faulted] }, status, offset, limit, cancellationToken),
        };

        var items = new List<ExecutionSummary>();
        foreach (var instance in page)
        {
            if (await ViewAsync(instance, cancellationToken) is { } view)
            {
                items.Add(view.ToSummary());
            }
        }

        return (items, total);
    }

    /// <summary>One page at any offset from the store's own pages: the one or two store pages of <paramref name="limit"/> rows it spans.</summary>
    private async Task<(IReadOnlyList<InstanceRecord> Page, int Total)> PageAsync(InstanceQuery query, int offset, int limit, CancellationToken cancellationToken)
    {
        var first = offset / limit;
        var skip = offset % limit;
        var result = await store.ListInstancesAsync(query with { Page = first, PageSize = limit }, cancellationToken);
        var rows = result.Items.Skip(skip).ToList();
        if (skip > 0 && result.Items.Count == limit)
        {
            var next = await store.ListInstancesAsync(query with { Page = first + 1, PageSize = limit }, cancellationToken);
            rows.AddRange(next.Items.Take(skip));
        }

        return (rows, (int)result.TotalCount);
    }

    private async Task<(IReadOnlyList<InstanceRecord> Page, int Total)> FilterAsync(InstanceQuery query, string status, int offset, int limit, CancellationToken cancellationToken)
    {
        var matches = new List<InstanceRecord>();
        for (var page = 0; ; page++)
        {
            var result = await store.ListInstancesAsync(query with { Page = page, PageSize = ListPageSize }, cancellationToken);
            matches.AddRange(result.Items.Where(i => InstanceOutcome.From(i).Status == status));
            if (result.Items.Count < ListPageSize)
            {
                break;
            }
        }

        return (matches.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).Skip(offset).Take(limit).ToList(), matches.Count);
    }

    private async Task<ExecutionView?> ViewAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        if (!instance.DefinitionId.StartsWith(StateLanguageModule.DefinitionIdPrefix, StringComparison.Ordinal) || await MapAsync(instance.DefinitionVersionId, cancellationToken) is not { } map)
        {
            return null;
        }

        var executions = await store.ListActivityExecutionsAsync(instance.Id, null, cancellationToken);
        var tasks = await store.ListTasksAsync(instance.Id, cancellationToken);
        var bookmarks = await store.ListBookmarksAsync(instance.Id, cancellationToken);
        var starts = await store.ListJournalAsync(instance.Id, new JournalFilter { EventNames = [StartedEvent], ActivityIds = [.. map.Activities.Keys] }, 0, MaxJournalRead, cancellationToken);
        var sequences = new Dictionary<string, long>();
        foreach (var start in starts.Items.Where(j => j.ActivityInstanceId is not null))
        {
            sequences.TryAdd(start.ActivityInstanceId!, start.Sequence);
        }

        return ExecutionViewBuilder.Build(new ExecutionRecords(instance, map, executions, tasks, bookmarks, sequences));
    }

    private async Task<StateMap?> MapAsync(string versionId, CancellationToken cancellationToken)
    {
        if (_maps.TryGetValue(versionId, out var known))
        {
            return known;
        }

        var definition = await store.FindDefinitionVersionAsync(versionId, cancellationToken);
        var map = definition is null ? null : StateMap.Of(definition);
        if (definition is not null)
        {
            _maps[versionId] = map;
        }

        return map;
    }
}

using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Storage;

public sealed partial class InMemoryWorkflowStore
{
    public Task<WorkflowDefinition?> FindDefinitionAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(FindMatch(definitionId, versionOptions)?.Clone());
        }
    }

    public Task<string?> FindDefinitionVersionIdAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(FindMatch(definitionId, versionOptions)?.Id);
        }
    }

    private WorkflowDefinition? FindMatch(string definitionId, VersionOptions versionOptions) => _definitions.Values
        .Where(d => d.DefinitionId == definitionId && versionOptions.Matches(d.IsLatest, d.IsPublished, d.Version))
        .OrderByDescending(d => d.Version)
        .FirstOrDefault();

    public Task<WorkflowDefinition?> FindDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_definitions.GetValueOrDefault(versionId)?.Clone());
        }
    }

    public Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(DefinitionQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IEnumerable<WorkflowDefinition> items = _definitions.Values
                .Where(d => query.VersionOptions.Matches(d.IsLatest, d.IsPublished, d.Version));
            if (query.DefinitionIds is { Count: > 0 } definitionIds)
            {
                items = items.Where(d => definitionIds.Contains(d.DefinitionId));
            }

            if (query.Ids is { Count: > 0 } ids)
            {
                items = items.Where(d => ids.Contains(d.Id));
            }

            if (!string.IsNullOrWhiteSpace(query.SearchTerm))
            {
                var term = query.SearchTerm;
                items = items.Where(d => Contains(d.Name, term) || Contains(d.DefinitionId, term) || Contains(d.Description, term));
            }

            var ordered = items
                .OrderBy(d => d.Name ?? d.DefinitionId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(d => d.DefinitionId, StringComparer.Ordinal)
                .ThenByDescending(d => d.Version)
                .ToList();
            var page = ordered.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).Select(d => d.Clone()).ToList();
            return Task.FromResult(new PagedResult<WorkflowDefinition>(page, ordered.Count));
        }
    }

    // One process owns this store, so its locks are that process's.
    private readonly KeyedLocks _definitionLocks = new();

    public Task<IAsyncDisposable> LockDefinitionAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _definitionLocks.TakeAsync(definitionId, cancellationToken);

    public Task SaveDefinitionVersionsAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var version in versions)
            {
                _definitions[version.Id] = version.Clone();
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> DeleteDefinitionAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ids = _definitions.Values.Where(d => d.DefinitionId == definitionId).Select(d => d.Id).ToList();
            ids.ForEach(id => _definitions.Remove(id));
            return Task.FromResult(ids.Count);
        }
    }

    public Task<bool> DeleteDefinitionVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_definitions.Remove(versionId));
        }
    }
}

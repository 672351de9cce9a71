using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// The definition versions bursts run on, kept for <see cref="RuntimeOptions.DefinitionCacheDuration"/>. Every burst used to
/// read and parse its version's whole JSON and rebuild its model; one object per version also keeps the model and
/// expansion caches (keyed by the JSON object) warm. A published version never changes; an unpublished one can be edited in
/// place, so whoever saves a version on this node calls <see cref="Forget"/>, and an edit made on another node reaches this
/// node's bursts within the duration. Read-only: callers that change a definition read it from the store themselves.
/// </summary>
public sealed class DefinitionVersionCache
{
    private const int MaxEntries = 1024;
    private readonly IWorkflowStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public DefinitionVersionCache(IWorkflowStore store, TimeProvider time, IOptions<RuntimeOptions> options)
    {
        _store = store;
        _time = time;
        _duration = options.Value.DefinitionCacheDuration;
    }

    /// <summary>The version, from the cache while its entry is fresh, else from the store; null when it does not exist.</summary>
    public async ValueTask<WorkflowDefinition?> FindAsync(string versionId, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(versionId, out var entry) && _time.GetElapsedTime(entry.ReadAt, now) < _duration)
        {
            return entry.Definition;
        }

        var definition = await _store.FindDefinitionVersionAsync(versionId, cancellationToken).ConfigureAwait(false);
        if (definition is null || _duration <= TimeSpan.Zero)
        {
            _entries.TryRemove(versionId, out _);
            return definition;
        }

        if (_entries.Count >= MaxEntries)
        {
            // Versions are few; this bound only keeps a pathological workload from growing the cache without end.
            _entries.Clear();
        }

        _entries[versionId] = new Entry(definition, now);
        return definition;
    }

    /// <summary>Drops a version after it was saved or deleted here, so the next burst reads it again.</summary>
    public void Forget(string versionId) => _entries.TryRemove(versionId, out _);

    /// <summary>Drops every version of a definition after it was deleted here.</summary>
    public void ForgetDefinition(string definitionId)
    {
        foreach (var (versionId, entry) in _entries)
        {
            if (entry.Definition.DefinitionId == definitionId)
            {
                _entries.TryRemove(versionId, out _);
            }
        }
    }

    private sealed record Entry(WorkflowDefinition Definition, long ReadAt);
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Workflows used as activities (Elsa's <c>options.usableAsActivity</c>): an activity whose type is no registered activity and
/// that names a <c>workflowDefinitionId</c> gets that definition's published root as its body, so it runs inside the parent's
/// instance as Elsa runs it, and its <c>Elsa.Complete</c> chooses the activity's outcomes.
/// </summary>
public sealed class DefinitionActivities(IWorkflowStore store, ActivityRegistry registry)
{
    // Deep enough for any real nesting; a definition that uses itself stops here instead of looping.
    private const int MaxDepth = 8;

    private readonly ConcurrentDictionary<string, (string Stamp, WorkflowDefinition Expanded)> _cache = new(StringComparer.Ordinal);

    // Definitions are immutable once loaded: one that uses no other is scanned once, not on every burst.
    private readonly ConditionalWeakTable<JsonObject, object> _plain = [];

    /// <summary>The definition with its definition activities inlined (the same object while nothing they use changed).</summary>
    public async Task<WorkflowDefinition> ExpandAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        if (_plain.TryGetValue(definition.Json, out _))
        {
            return definition;
        }

        if (definition.Root is not { } root || !References(root).Any())
        {
            _plain.AddOrUpdate(definition.Json, definition);
            return definition;
        }

        var used = new Dictionary<string, WorkflowDefinition?>(StringComparer.Ordinal);
        await ResolveAsync(root, used, 0, cancellationToken).ConfigureAwait(false);
        var stamp = string.Join(",", used.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => $"{u.Key}={u.Value?.Id}"));
        if (_cache.TryGetValue(definition.Id, out var cached) && cached.Stamp == stamp)
        {
            return cached.Expanded;
        }

        var json = (JsonObject)definition.Json.DeepClone();
        Inline((JsonObject)json["root"]!, used, 0);
        var expanded = new WorkflowDefinition(json);
        _cache[definition.Id] = (stamp, expanded);
        return expanded;
    }

    private async Task ResolveAsync(JsonObject node, Dictionary<string, WorkflowDefinition?> used, int depth, CancellationToken cancellationToken)
    {
        foreach (var (_, id) in References(node))
        {
            if (used.ContainsKey(id))
            {
                continue;
            }

            var child = await store.FindDefinitionAsync(id, VersionOptions.Published, cancellationToken).ConfigureAwait(false);
            used[id] = child;
            if (child?.Root is { } childRoot && depth < MaxDepth)
            {
                await ResolveAsync(childRoot, used, depth + 1, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Inline(JsonObject node, Dictionary<string, WorkflowDefinition?> used, int depth)
    {
        foreach (var (activity, id) in References(node).ToList())
        {
            if (depth < MaxDepth && used.GetValueOrDefault(id) is { Root: { } childRoot } child)
            {
                var body = (JsonObject)childRoot.DeepClone();
                body.Remove("nodeId");
                Inline(body, used, depth + 1);
                body[DefinitionContract.Key] = DefinitionContract.Of(child);
                activity["body"] = body;
            }
        }
    }

    /// <summary>Every activity under <paramref name="node"/> that is a definition used as an activity, with the id it names.</summary>
    private IEnumerable<(JsonObject Activity, string DefinitionId)> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && registry.Find(type) is null
                    && o["workflowDefinitionId"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0)
                {
                    yield return (o, id);
                    yield break;
                }

                foreach (var (_, child) in o)
                {
                    foreach (var found in References(child))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var found in References(child))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}

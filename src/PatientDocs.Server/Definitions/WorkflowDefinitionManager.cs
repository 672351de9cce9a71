using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Definitions;

/// <summary>
/// Elsa's draft/published versioning over the store: saving over a published latest version creates version+1, saving a
/// draft updates it in place, publishing unpublishes the previous version. One writer per definition at a time, across every
/// node (<see cref="IWorkflowStore.LockDefinitionAsync"/>), keeps the numbers unique and the flags consistent.
/// </summary>
public sealed class WorkflowDefinitionManager(IWorkflowStore store, DefinitionValidator validator, TimeProvider time, DefinitionVersionCache? runningVersions = null)
{
    // The fields that make two versions "the same workflow" when importing files.
    private static readonly string[] ContentFields = ["name", "description", "variables", "inputs", "outputs", "outcomes", "options", "customProperties", "root"];

    /// <summary>Saves versions and has this node's bursts read them again (a draft is edited in place).</summary>
    private async Task SaveVersionsAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken cancellationToken)
    {
        await store.SaveDefinitionVersionsAsync(versions, cancellationToken);
        foreach (var version in versions)
        {
            runningVersions?.Forget(version.Id);
        }
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>Saves a model from Studio (<c>POST /workflow-definitions</c>).</summary>
    public async Task<SaveOutcome> SaveAsync(JsonObject model, bool publish, CancellationToken cancellationToken)
    {
        var definitionId = model["definitionId"] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : NewId();
        await using (await store.LockDefinitionAsync(definitionId, cancellationToken))
        {
            var latest = await store.FindDefinitionAsync(definitionId, VersionOptions.Latest, cancellationToken);
            if (latest?.Json["isReadonly"] is JsonValue flag && flag.TryGetValue<bool>(out var isReadonly) && isReadonly)
            {
                // Its source is elsewhere (a module compiles it); a saved edit would drift from that source unseen.
                var why = $"The workflow definition '{definitionId}' is read-only: change it where it is defined, not in the designer.";
                return new SaveOutcome(null, false, new Dictionary<string, string[]> { ["definitionId"] = [why] });
            }

            if (latest is not null && WorkflowTimeout.Of(latest.Json) is { } timeout && model["options"] is JsonObject options && !options.ContainsKey("timeout"))
            {
                // Studio's settings have no field for it and post only the options they know: a save without the key keeps it.
                options["timeout"] = timeout.DeepClone();
            }

            var changed = new List<WorkflowDefinition>();
            WorkflowDefinition saved;
            if (latest is null)
            {
                saved = FromModel(model, definitionId, NewId(), 1, time.GetUtcNow());
            }
            else if (latest.IsPublished)
            {
                saved = FromModel(model, definitionId, NewId(), latest.Version + 1, time.GetUtcNow());
                latest.IsLatest = false;
                changed.Add(latest);
            }
            else
            {
                saved = FromModel(model, definitionId, latest.Id, latest.Version, latest.CreatedAt);
            }

            if (publish)
            {
                var errors = await validator.ValidateAsync(saved);
                if (errors.Count > 0)
                {
                    return new SaveOutcome(null, false, errors);
                }

                changed.AddRange(await UnpublishOthersAsync(definitionId, saved.Id, cancellationToken));
                saved.IsPublished = true;
            }

            changed.Add(saved);
            await SaveVersionsAsync(changed, cancellationToken);
            return new SaveOutcome(saved, false, null);
        }
    }

    /// <summary>Publishes the latest version; null when the definition does not exist.</summary>
    public async Task<SaveOutcome?> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using (await store.LockDefinitionAsync(definitionId, cancellationToken))
        {
            var latest = await store.FindDefinitionAsync(definitionId, VersionOptions.Latest, cancellationToken);
            if (latest is null)
            {
                return null;
            }

            if (latest.IsPublished)
            {
                return new SaveOutcome(latest, true, null);
            }

            var errors = await validator.ValidateAsync(latest);
            if (errors.Count > 0)
            {
                return new SaveOutcome(null, false, errors);
            }

            var changed = await UnpublishOthersAsync(definitionId, latest.Id, cancellationToken);
            latest.IsPublished = true;
            changed.Add(latest);
            await SaveVersionsAsync(changed, cancellationToken);
            return new SaveOutcome(latest, false, null);
        }
    }

    /// <summary>Unpublishes the published version; returns it, or null when there is none.</summary>
    public async Task<WorkflowDefinition?> RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using (await store.LockDefinitionAsync(definitionId, cancellationToken))
        {
            var published = await store.FindDefinitionAsync(definitionId, VersionOptions.Published, cancellationToken);
            if (published is null)
            {
                return null;
            }

            published.IsPublished = false;
            await SaveVersionsAsync([published], cancellationToken);
            return published;
        }
    }

    /// <summary>Deletes one version; when it was the latest, the highest remaining version becomes the latest.</summary>
    public async Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken)
    {
        // The version names its definition, whose lock is taken before the version is read again under it.
        if (await store.FindDefinitionVersionAsync(versionId, cancellationToken) is not { } unlocked)
        {
            return false;
        }

        await using (await store.LockDefinitionAsync(unlocked.DefinitionId, cancellationToken))
        {
            var version = await store.FindDefinitionVersionAsync(versionId, cancellationToken);
            if (version is null || !await store.DeleteDefinitionVersionAsync(versionId, cancellationToken))
            {
                return false;
            }

            runningVersions?.Forget(versionId);

            if (version.IsLatest)
            {
                var remaining = await AllVersionsAsync(version.DefinitionId, cancellationToken);
                if (remaining.Count > 0)
                {
                    var newLatest = remaining.MaxBy(d => d.Version)!;
                    newLatest.IsLatest = true;
                    await SaveVersionsAsync([newLatest], cancellationToken);
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Imports a definition file: creates it (published v1) when absent, adds a published version when no existing version
    /// has the same content, does nothing otherwise (so edits made in Studio survive a restart with an unchanged file).
    /// </summary>
    public async Task<ImportResult> ImportAsync(WorkflowDefinition file, CancellationToken cancellationToken)
    {
        await using (await store.LockDefinitionAsync(file.DefinitionId, cancellationToken))
        {
            var versions = await AllVersionsAsync(file.DefinitionId, cancellationToken);
            if (versions.Any(v => SameContent(v.Json, file.Json)))
            {
                return ImportResult.Unchanged;
            }

            var changed = new List<WorkflowDefinition>();
            var number = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1;
            foreach (var old in versions.Where(v => v.IsLatest || v.IsPublished))
            {
                old.IsLatest = false;
                old.IsPublished = false;
                changed.Add(old);
            }

            var imported = FromModel(file.Json, file.DefinitionId, NewId(), number, time.GetUtcNow());
            imported.IsPublished = true;
            changed.Add(imported);
            await SaveVersionsAsync(changed, cancellationToken);
            return versions.Count == 0 ? ImportResult.Created : ImportResult.NewVersion;
        }
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> AllVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        var result = new List<WorkflowDefinition>();
        for (var page = 0; ; page++)
        {
            var batch = await store.ListDefinitionsAsync(
                new DefinitionQuery { DefinitionIds = [definitionId], VersionOptions = VersionOptions.AllVersions, Page = page, PageSize = 200 },
                cancellationToken);
            result.AddRange(batch.Items);
            if (batch.Items.Count < 200 || result.Count >= batch.TotalCount)
            {
                return result;
            }
        }
    }

    private async Task<List<WorkflowDefinition>> UnpublishOthersAsync(string definitionId, string keepId, CancellationToken cancellationToken)
    {
        var all = await AllVersionsAsync(definitionId, cancellationToken);
        var changed = new List<WorkflowDefinition>();
        foreach (var other in all.Where(d => d.IsPublished && d.Id != keepId))
        {
            other.IsPublished = false;
            changed.Add(other);
        }

        return changed;
    }

    private static WorkflowDefinition FromModel(JsonObject model, string definitionId, string id, int version, DateTimeOffset createdAt)
    {
        var json = (JsonObject)model.DeepClone();
        json.Remove("links");
        var definition = new WorkflowDefinition(json)
        {
            Id = id,
            DefinitionId = definitionId,
            Version = version,
            IsLatest = true,
            IsPublished = false,
            CreatedAt = createdAt,
        };
        json["materializerName"] ??= "Json";
        json["toolVersion"] ??= "3.8.0.0";
        return definition;
    }

    private static bool SameContent(JsonObject a, JsonObject b) =>
        ContentFields.All(field => JsonNode.DeepEquals(Normalise(a[field]), Normalise(b[field])));

    // Nulls, empty objects and empty arrays all mean "nothing"; Studio and hand-written files differ on which they send.
    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        null => null,
        JsonObject { Count: 0 } => null,
        JsonArray { Count: 0 } => null,
        JsonObject obj => new JsonObject(obj
            .Where(p => Normalise(p.Value) is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalise).ToArray()),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Null => null,
        _ => node.DeepClone(),
    };
}

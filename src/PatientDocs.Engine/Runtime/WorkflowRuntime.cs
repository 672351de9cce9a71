using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime.Events;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// What the API calls: start (inline first burst or dispatched), bulk start, events, bookmark resumes, cancel and operator
/// retry. Everything else happens in <see cref="InstanceWorker"/> and the task worker, woken through <see cref="WorkSignal"/>.
/// </summary>
public sealed class WorkflowRuntime(
    IWorkflowStore store,
    InstanceWorker worker,
    WorkSignal signal,
    TimeProvider time,
    IOptions<RuntimeOptions> options)
{
    private readonly RuntimeOptions _options = options.Value;

    /// <summary>Creates an instance and runs its first burst before returning (Elsa's execute). Null if no such definition.</summary>
    public async Task<InstanceRecord?> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(request, cancellationToken).ConfigureAwait(false))?.Instance;

    /// <summary>
    /// <see cref="StartAsync"/> that also hands back the HTTP response the first burst wrote (an HTTP trigger answers its
    /// request with it). Null if no such definition.
    /// </summary>
    public async Task<StartedWorkflow?> ExecuteAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var key = StartKeyOf(request);
        var definition = await ResolveStartVersionAsync(key, fresh: false, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            if (definition is null)
            {
                return null;
            }

            // Created already leased to this node: a worker that took it first would leave execute answering before the first
            // burst (without its bookmarks), and a client that then publishes an event would find nothing to resume.
            var now = time.GetUtcNow();
            var (instance, start) = NewInstance(request, definition, now);
            var version = new StartVersion(key.DefinitionId, key.Options, definition.Id);
            if (await store.CreateLeasedInstanceAsync(instance, start, _options.NodeId, now + _options.LeaseDuration, version, cancellationToken).ConfigureAwait(false))
            {
                HttpResponseData? response = null;
                var processed = await worker.ProcessAsync(new LeasedInstance(instance, [start]), cancellationToken, burst => response ??= burst.HttpResponse).ConfigureAwait(false)
                    ?? await store.FindInstanceAsync(instance.Id, cancellationToken).ConfigureAwait(false)
                    ?? instance;
                return new StartedWorkflow(processed, response);
            }

            ThrowIfLastAttempt(attempt, key);
            definition = await ResolveStartVersionAsync(key, fresh: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates an instance with a Start work item for the workers (Elsa's dispatch). Null if no such definition.</summary>
    /// <remarks>The instance as created, not read back: a worker may already be running it, and callers want its id.</remarks>
    public async Task<InstanceRecord?> DispatchAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default) =>
        (await CreateManyAsync([request], cancellationToken).ConfigureAwait(false))?[0];

    /// <summary>
    /// Creates many instances (thousands) in batches of <see cref="RuntimeOptions.BulkStartBatchSize"/>; the workers run them.
    /// Returns their ids in request order, or null (creating nothing) if a definition is missing.
    /// </summary>
    public async Task<IReadOnlyList<string>?> StartManyAsync(IReadOnlyList<StartWorkflowRequest> requests, CancellationToken cancellationToken = default) =>
        (await CreateManyAsync(requests, cancellationToken).ConfigureAwait(false))?.Select(i => i.Id).ToList();

    private async Task<IReadOnlyList<InstanceRecord>?> CreateManyAsync(IReadOnlyList<StartWorkflowRequest> requests, CancellationToken cancellationToken)
    {
        // Every definition is resolved before anything is created, so a missing one creates nothing.
        var definitions = new Dictionary<StartKey, WorkflowDefinition>();
        foreach (var key in requests.Select(StartKeyOf).Distinct())
        {
            if (await ResolveStartVersionAsync(key, fresh: false, cancellationToken).ConfigureAwait(false) is not { } definition)
            {
                return null;
            }

            definitions[key] = definition;
        }

        var created = new List<InstanceRecord>(requests.Count);
        foreach (var batch in requests.Chunk(_options.BulkStartBatchSize))
        {
            var keys = batch.Select(StartKeyOf).Distinct().ToList();
            for (var attempt = 1; ; attempt++)
            {
                var now = time.GetUtcNow();
                var instances = new List<InstanceRecord>(batch.Length);
                var items = new List<WorkItemRecord>(batch.Length);
                foreach (var request in batch)
                {
                    var (instance, start) = NewInstance(request, definitions[StartKeyOf(request)], now);
                    instances.Add(instance);
                    items.Add(start);
                }

                var versions = keys.Select(k => new StartVersion(k.DefinitionId, k.Options, definitions[k].Id)).ToList();
                if (await store.CreateInstancesAsync(instances, items, versions, cancellationToken).ConfigureAwait(false))
                {
                    created.AddRange(instances);
                    signal.NotifyInstanceWork();
                    break;
                }

                // Another node published (or deleted) a version since this one resolved it: resolve this batch's afresh.
                foreach (var key in keys)
                {
                    ThrowIfLastAttempt(attempt, key);
                    if (await ResolveStartVersionAsync(key, fresh: true, cancellationToken).ConfigureAwait(false) is { } current)
                    {
                        definitions[key] = current;
                    }
                    else if (created.Count == 0)
                    {
                        return null;
                    }
                    else
                    {
                        throw new StartConflictException(
                            $"Definition {key.DefinitionId} has no {key.Options.Selector} version any more; {created.Count} of {requests.Count} instances were started before it went.");
                    }
                }
            }
        }

        return created;
    }

    /// <summary>Which version of which definition a start asks for.</summary>
    private readonly record struct StartKey(string DefinitionId, VersionOptions Options);

    private static StartKey StartKeyOf(StartWorkflowRequest request) => new(request.DefinitionId, request.VersionOptions);

    /// <summary>
    /// How often a start resolves its version afresh after the store refused the one it had: each refusal means a version was
    /// published between the resolve and the write, so a second refusal in a row is already rare.
    /// </summary>
    private const int StartAttempts = 5;

    private static void ThrowIfLastAttempt(int attempt, StartKey key)
    {
        if (attempt >= StartAttempts)
        {
            throw new StartConflictException(
                $"Definition {key.DefinitionId} changed its {key.Options.Selector} version under {StartAttempts} start attempts in a row; nothing was started.");
        }
    }

    /// <summary>
    /// The version each definition and options last resolved to on this node. A start names it without reading the store
    /// first, and the store checks it in the start's own transaction (<see cref="StartVersion"/>): a version just published
    /// on any node is still the one started, at the cost of a refused write and a fresh resolve once per publish.
    /// </summary>
    private readonly ConcurrentDictionary<StartKey, string> _startVersions = new();

    /// <summary>
    /// The version a start runs, parsed, from the cache the bursts use; remembered or, when <paramref name="fresh"/> or none is
    /// remembered, resolved in the store. Null if there is no such version.
    /// </summary>
    private async Task<WorkflowDefinition?> ResolveStartVersionAsync(StartKey key, bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && _startVersions.TryGetValue(key, out var remembered)
            && await worker.Definitions.FindAsync(remembered, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }

        var versionId = await store.FindDefinitionVersionIdAsync(key.DefinitionId, key.Options, cancellationToken).ConfigureAwait(false);
        var definition = versionId is null ? null : await worker.Definitions.FindAsync(versionId, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            _startVersions.TryRemove(key, out _);
            return null;
        }

        _startVersions[key] = definition.Id;
        return definition;
    }

    /// <summary>A pending instance of <paramref name="definition"/> and the work item that starts it.</summary>
    internal static (InstanceRecord Instance, WorkItemRecord Start) NewInstance(StartWorkflowRequest request, WorkflowDefinition definition, DateTimeOffset now, string? instanceId = null)
    {
        var id = instanceId ?? RuntimeIds.New(now);
        var instance = new InstanceRecord
        {
            Id = id,
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            Version = definition.Version,
            Name = request.Name ?? definition.Name,
            CorrelationId = request.CorrelationId,
            ParentInstanceId = request.ParentInstanceId,
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            State = "",
        };
        return (instance, NewWorkItem(id, WorkItemKind.Start, null, new StartPayload(request.Input, request.TriggerActivityId, request.TaskQueue).ToJson(), now));
    }

    /// <summary>
    /// Resumes every event bookmark with this name (and correlation, if given) and starts every published definition whose
    /// <c>Elsa.Event</c> of that name is a trigger, in one transaction; returns how many bookmarks it resumed.
    /// </summary>
    public async Task<int> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        var plan = await EventDelivery.PlanAsync(store, eventName, correlationId, null, payload, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (plan.Items.Count == 0)
        {
            return 0;
        }

        await store.CreateInstancesAsync(plan.Instances, plan.Items, cancellationToken: cancellationToken).ConfigureAwait(false);
        signal.NotifyInstanceWork();
        return plan.Resumed;
    }

    /// <summary>Resumes one bookmark of an instance; false if the instance has no such bookmark (already consumed).</summary>
    public async Task<bool> ResumeBookmarkAsync(string instanceId, string bookmarkId, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        var bookmarks = await store.ListBookmarksAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (bookmarks.All(b => b.Id != bookmarkId))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await store.AddWorkItemsAsync([NewWorkItem(instanceId, WorkItemKind.Resume, bookmarkId, payload?.ToJsonString(), now)], cancellationToken).ConfigureAwait(false);
        signal.NotifyInstanceWork();
        return true;
    }

    /// <summary>Asks the workers to cancel the instance (bookmarks and pending tasks go with it); false if unknown or finished.</summary>
    public Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default) =>
        AddControlItemAsync(instanceId, WorkItemKind.Cancel, i => i.Status != WorkflowStatus.Finished, cancellationToken);

    /// <summary>
    /// Operator retry of a running instance with an incident: the interpreter re-runs its faulted activities, and a task
    /// activity's task is re-opened in place (same idempotency key, no attempts, a fresh deadline); a fan-out re-opens only
    /// its failed items. False, changing nothing, if the instance is unknown, finished, has no incident or a retry pending.
    /// </summary>
    public async Task<bool> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var retry = NewWorkItem(instanceId, WorkItemKind.Retry, null, null, time.GetUtcNow());
        if (!await store.AddRetryWorkItemAsync(retry, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        signal.NotifyInstanceWork();
        return true;
    }

    private async Task<bool> AddControlItemAsync(string instanceId, WorkItemKind kind, Func<InstanceRecord, bool> applies, CancellationToken cancellationToken)
    {
        var instance = await store.FindInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null || !applies(instance))
        {
            return false;
        }

        await store.AddWorkItemsAsync([NewWorkItem(instanceId, kind, null, null, time.GetUtcNow())], cancellationToken).ConfigureAwait(false);
        signal.NotifyInstanceWork();
        return true;
    }

    private static WorkItemRecord NewWorkItem(string instanceId, WorkItemKind kind, string? bookmarkId, string? payload, DateTimeOffset now) => new()
    {
        Id = RuntimeIds.New(now),
        InstanceId = instanceId,
        Kind = kind,
        BookmarkId = bookmarkId,
        Payload = payload,
        AvailableAt = now,
        CreatedAt = now,
    };
}

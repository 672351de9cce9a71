using System.Collections.Concurrent;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>
/// Estimates when instances finish. Open one <see cref="EtaSession"/> per request: it reads each queue group's order and
/// each limit's window once, however many instances it estimates. What finished instances tell about a definition is
/// read from at most <see cref="HistorySize"/> of them and kept for <see cref="HistoryTtl"/>.
/// </summary>
public sealed class InstanceEtaEstimator(IWorkflowStore store, TaskQueueCatalog catalog, TimeProvider time)
{
    public const int HistorySize = 20;

    public static readonly TimeSpan HistoryTtl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, Task<DefinitionHistory> History)> _history = new(StringComparer.Ordinal);

    internal IWorkflowStore Store => store;

    internal TaskQueueCatalog Catalog => catalog;

    public EtaSession OpenSession() => new(this, time.GetUtcNow());

    /// <summary>Estimates one instance; null when it does not exist.</summary>
    public Task<InstanceEta?> EstimateAsync(string instanceId, CancellationToken cancellationToken = default) =>
        OpenSession().EstimateAsync(instanceId, cancellationToken);

    internal Task<DefinitionHistory> HistoryAsync(string definitionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_history.TryGetValue(definitionId, out var cached) && now - cached.ReadAt < HistoryTtl && !cached.History.IsFaulted)
        {
            return cached.History;
        }

        var read = ReadHistoryAsync(definitionId, cancellationToken);
        _history[definitionId] = (now, read);
        return read;
    }

    /// <summary>The claim group of a queue: its limit's name (the queues sharing it are claimed together), else the queue.</summary>
    internal string GroupOf(string queue) => catalog.Resolve(queue).Limit?.Name ?? queue;

    private async Task<DefinitionHistory> ReadHistoryAsync(string definitionId, CancellationToken cancellationToken)
    {
        var finished = await store.ListInstancesAsync(
            new InstanceQuery
            {
                DefinitionIds = [definitionId],
                SubStatuses = [WorkflowSubStatus.Finished],
                OrderBy = "FinishedAt",
                Descending = true,
                PageSize = HistorySize,
            },
            cancellationToken);
        var samples = new List<(InstanceRecord, IReadOnlyList<TaskRecord>)>(finished.Items.Count);
        foreach (var instance in finished.Items)
        {
            samples.Add((instance, await store.ListTasksAsync(instance.Id, cancellationToken)));
        }

        return HistoryMath.Build(samples, GroupOf);
    }
}

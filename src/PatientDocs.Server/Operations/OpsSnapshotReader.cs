using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime.Eta;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Operations;

/// <summary>
/// Reads the operations snapshot in one ETA session: each queue group's order and each limit's window are read once and
/// serve both the depths and every ETA of the page; counts are aggregate queries, never a scan of instances.
/// </summary>
public sealed class OpsSnapshotReader(IWorkflowStore store, TaskQueueCatalog catalog, InstanceEtaEstimator estimator)
{
    public const int MaxIncidents = 50;

    public async Task<OpsSnapshot> ReadAsync(int waitingPage, int waitingPageSize, CancellationToken cancellationToken)
    {
        var session = estimator.OpenSession();
        var counts = await CountAsync(cancellationToken);
        var queued = await session.QueuedTasksAsync(cancellationToken);
        var limits = new List<OpsLimit>();
        foreach (var limit in catalog.Limits.Values.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            var used = await store.ListGrantsAsync(limit.Name, session.Now, limit.Window, cancellationToken);
            limits.Add(new OpsLimit(limit.Name, limit.Permits, limit.Window.TotalSeconds, EtaMath.DescribeRate(limit.Permits, limit.Window), used.Count));
        }

        var queues = catalog.Groups
            .SelectMany(g => g.Queues)
            .Select(q => q.Name)
            .Concat(queued.Select(t => t.Queue))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => Depth(name, queued, session.Now))
            .ToList();

        var incidents = await store.ListInstancesAsync(
            new InstanceQuery { Statuses = [WorkflowStatus.Running], HasIncidents = true, OrderBy = "UpdatedAt", Descending = true, PageSize = MaxIncidents },
            cancellationToken);

        var waiting = await store.ListInstancesAsync(
            new InstanceQuery
            {
                Statuses = [WorkflowStatus.Running],
                SubStatuses = [WorkflowSubStatus.Suspended],
                OrderBy = "CreatedAt",
                Descending = false,
                Page = waitingPage,
                PageSize = waitingPageSize,
            },
            cancellationToken);
        var etas = new List<InstanceEta>(waiting.Items.Count);
        foreach (var instance in waiting.Items)
        {
            etas.Add(await session.EstimateAsync(instance, cancellationToken));
        }

        return new OpsSnapshot(
            session.Now,
            counts,
            limits,
            queues,
            incidents.Items.Select(i => new OpsIncident(i.Id, i.DefinitionId, i.Name, i.IncidentCount, LastIncident(i.State), i.UpdatedAt)).ToList(),
            new OpsWaiting(waiting.TotalCount, waitingPage, waitingPageSize, etas));
    }

    private OpsQueue Depth(string name, IReadOnlyList<QueuedTask> queued, DateTimeOffset now)
    {
        var queue = catalog.Resolve(name);
        var own = queued.Where(t => t.Queue == name).ToList();
        var pending = own.Count(t => t.State == TaskState.Pending);
        var ready = own.Count(t => t.State == TaskState.Pending && t.NotBefore <= now);
        return new OpsQueue(name, queue.Limit?.Name, queue.Slots, pending, ready, own.Count - pending);
    }

    private async Task<OpsInstanceCounts> CountAsync(CancellationToken cancellationToken)
    {
        Task<long> Count(InstanceQuery query) => store.CountInstancesAsync(query, cancellationToken);
        return new OpsInstanceCounts(
            Running: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Running] }),
            Executing: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Running], SubStatuses = [WorkflowSubStatus.Pending, WorkflowSubStatus.Executing] }),
            Suspended: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Running], SubStatuses = [WorkflowSubStatus.Suspended] }),
            WithIncidents: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Running], HasIncidents = true }),
            Finished: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Finished], SubStatuses = [WorkflowSubStatus.Finished] }),
            Faulted: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Finished], SubStatuses = [WorkflowSubStatus.Faulted] }),
            Cancelled: await Count(new InstanceQuery { Statuses = [WorkflowStatus.Finished], SubStatuses = [WorkflowSubStatus.Cancelled] }));
    }

    // The snapshot's incidents are the interpreter's; the latest one says what an operator retries.
    private static string? LastIncident(string state)
    {
        try
        {
            return (JsonNode.Parse(state)?["incidents"] as JsonArray)?.LastOrDefault()?["message"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Runs the task worker's claim once per rate-limited queue group and once unlimited, on a queue no task is ever put on,
/// before the workers start. A fresh process otherwise compiles the claim's code and plans its statements on the first
/// claims of a start burst, which held the first task back by about 100 ms and the first rate-limited request by as much
/// again. Nothing is claimed and no permit is granted; the only writes are those any claim makes whatever it finds: the
/// limit's own row on PostgreSQL if it is missing, and the removal of grants already out of the window.
/// </summary>
public static class StoreWarmUp
{
    /// <summary>Claims on a queue of its own; returns how long that took.</summary>
    public static async Task<TimeSpan> RunAsync(IWorkflowStore store, TaskQueueCatalog catalog, RuntimeOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string[] queue = [$"warm-up-{Guid.NewGuid():N}"];
        IEnumerable<(RateLimitSpec? Limit, RateLimitSpec? UnitLimit)> claims = catalog.Groups
            .Where(g => g.Limit is not null || g.UnitLimit is not null)
            .Select(g => (g.Limit?.ToSpec(), g.UnitLimit?.ToSpec()))
            .Prepend((null, null));
        foreach (var (limit, unitLimit) in claims)
        {
            await store.ClaimTasksAsync(
                new ClaimRequest
                {
                    Queues = queue,
                    Owner = options.NodeId,
                    Now = time.GetUtcNow(),
                    LeaseDuration = options.LeaseDuration,
                    MaxTasks = 1,
                    Limit = limit,
                    UnitLimit = unitLimit,
                    Clock = time,
                },
                cancellationToken).ConfigureAwait(false);
        }

        await store.PeekQueuesAsync(options.NodeId, time.GetUtcNow(), queue, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }
}

using System.Diagnostics.Metrics;

namespace PatientDocs.Engine.Telemetry;

/// <summary>The observable gauges, read when a collector asks.</summary>
public sealed partial class EngineMetrics
{
    private IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        var backlog = Volatile.Read(ref _backlog);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (queue, summary) in backlog)
        {
            seen.Add(queue);
            yield return new Measurement<long>(summary.Ready, new KeyValuePair<string, object?>("queue", queue));
        }

        // A configured queue with nothing in it is reported as 0, not left out.
        foreach (var group in _catalog.Groups)
        {
            foreach (var queue in group.Queues)
            {
                if (seen.Add(queue.Name))
                {
                    yield return new Measurement<long>(0, new KeyValuePair<string, object?>("queue", queue.Name));
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveSlots()
    {
        if (_capacity is null)
        {
            yield break;
        }

        foreach (var group in _catalog.Groups)
        {
            foreach (var queue in group.Queues)
            {
                var (free, _) = _capacity.Available(queue);
                yield return new Measurement<long>(Math.Max(0, queue.Slots - free), new KeyValuePair<string, object?>("queue", queue.Name));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObservePermitsUsed()
    {
        var now = _time.GetUtcNow();
        var limits = _catalog.Limits.Values.ToList();
        if (limits.Count > 0)
        {
            _permits.Prune(limits.Max(l => l.Window), now);
        }

        foreach (var limit in limits)
        {
            yield return new Measurement<long>(_permits.InUse(limit.Name, limit.Window, now), new KeyValuePair<string, object?>("limit", limit.Name));
        }
    }

    private IEnumerable<Measurement<long>> ObservePermitsCapacity()
    {
        foreach (var limit in _catalog.Limits.Values)
        {
            yield return new Measurement<long>(limit.Permits, new KeyValuePair<string, object?>("limit", limit.Name));
        }
    }

    private IEnumerable<Measurement<int>> ObserveBreakers()
    {
        foreach (var group in _catalog.Groups)
        {
            var open = _catalog.BreakerFor(group.Service).IsOpen ? 1 : 0;
            foreach (var queue in group.Queues)
            {
                yield return new Measurement<int>(open, new KeyValuePair<string, object?>("queue", queue.Name), new KeyValuePair<string, object?>("service", group.Service));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveInstances()
    {
        foreach (var (status, count) in _instances.Read())
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("status", status.ToString()));
        }
    }
}

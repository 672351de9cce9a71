using Microsoft.Extensions.Options;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.TaskTracker;

/// <summary>The state of the simulated TaskTracker: items, idempotency keys and its gate.</summary>
public sealed class TaskTrackerSimulator : ISimulatedService
{
    public const string RequestsLimit = "requests";

    private static readonly string[] Endpoints = ["create", "status", "report", "read", "list"];

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackerItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrackerItem> _itemsByKey = new(StringComparer.Ordinal);
    private readonly List<TrackerItem> _inOrder = [];

    public TaskTrackerSimulator(IOptions<SimulatorsOptions> options, TimeProvider time)
    {
        _time = time;
        var tracker = options.Value.TaskTracker;
        var scale = options.Value.TimeScale;
        var limit = new SlidingWindowLimit(RequestsLimit, tracker.Limit.Permits, TimeSpan.FromSeconds(tracker.Limit.PeriodSeconds / scale), time);
        EndpointLatency Latency(string endpoint) =>
            EndpointLatency.From(tracker.Latency.GetValueOrDefault(endpoint), scale, options.Value.LatencyMultiplier);
        // Its own stream of draws: how many DocumentExchange requests came first must not shift TaskTracker's latencies.
        Gate = new ServiceGate("task-tracker", scale, time, unchecked(options.Value.LatencySeed + 1),
            Endpoints.Select(e => new GatedEndpoint(e, limit, Latency(e))));
        foreach (var outage in tracker.Outages)
        {
            Gate.Outages.Add(outage.Kind, TimeSpan.FromSeconds(outage.StartInSeconds / scale), TimeSpan.FromSeconds(outage.DurationSeconds / scale));
        }
    }

    public ServiceGate Gate { get; }

    /// <summary>Creates an item, or returns the one created earlier with the same idempotency key.</summary>
    public (TrackerItemView Item, bool Created) Create(string patientId, string firstName, string lastName, string? idempotencyKey)
    {
        lock (_gate)
        {
            if (idempotencyKey is not null && _itemsByKey.TryGetValue(idempotencyKey, out var existing))
            {
                return (existing.View(), false);
            }

            var item = new TrackerItem($"item-{Guid.NewGuid():N}", patientId, firstName, lastName, _time.GetUtcNow());
            _items[item.ItemId] = item;
            _inOrder.Add(item);
            if (idempotencyKey is not null)
            {
                _itemsByKey[idempotencyKey] = item;
            }

            return (item.View(), true);
        }
    }

    public TrackerItemView? SetStatus(string itemId, string status)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(itemId, out var item))
            {
                return null;
            }

            item.Status = status;
            item.UpdatedAt = _time.GetUtcNow();
            return item.View();
        }
    }

    /// <summary>Appends a report unless one with the same idempotency key was appended to this item already.</summary>
    public TrackerItemView? AppendReport(string itemId, string text, string? idempotencyKey)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(itemId, out var item))
            {
                return null;
            }

            if (idempotencyKey is null || item.ReportKeys.Add(idempotencyKey))
            {
                item.Reports.Add(text);
                item.UpdatedAt = _time.GetUtcNow();
            }

            return item.View();
        }
    }

    public TrackerItemView? Find(string itemId)
    {
        lock (_gate)
        {
            return _items.TryGetValue(itemId, out var item) ? item.View() : null;
        }
    }

    public IReadOnlyList<TrackerItemView> List(string? patientId)
    {
        lock (_gate)
        {
            return _inOrder
                .Where(i => patientId is null || string.Equals(i.PatientId, patientId, StringComparison.Ordinal))
                .Select(i => i.View())
                .ToList();
        }
    }
}

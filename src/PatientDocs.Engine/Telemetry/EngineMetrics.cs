using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Telemetry;

/// <summary>
/// The engine's instruments on the meter <see cref="EngineDiagnostics.Name"/>. The workers record into the histograms and
/// counters (each guarded by <c>Enabled</c>, so with no listener a record is one branch); the gauges are read when a
/// collector asks, from what the workers already know (the last queue summary, this node's permits and slots, the
/// breakers) and, for instances by status, from the store at most once per <see cref="EngineTelemetryOptions.StoreReadInterval"/>.
/// Every instrument, its unit and labels: docs/telemetry.md.
/// </summary>
public sealed partial class EngineMetrics : IDisposable
{
    /// <summary>Seconds from a millisecond to six hours, so p50/p95/p99 are readable for a WriteLine and for a rate-limited call alike.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TaskQueueCatalog _catalog;
    private readonly NodeCapacity? _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InstanceCounts _instances;
    private readonly PermitUsage _permits = new();
    private readonly Histogram<double> _activityDuration;
    private readonly Histogram<double> _burstDuration;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _incidents;
    private readonly Counter<long> _retries;
    private readonly ObservableGauge<long> _permitsUsed;
    private IReadOnlyDictionary<string, QueueBacklog> _backlog = new Dictionary<string, QueueBacklog>();

    public EngineMetrics(
        IWorkflowStore store,
        TaskQueueCatalog catalog,
        TimeProvider time,
        IOptions<EngineTelemetryOptions>? options = null,
        NodeCapacity? capacity = null,
        IMeterFactory? meterFactory = null,
        ILogger<EngineMetrics>? logger = null)
    {
        _catalog = catalog;
        _capacity = capacity;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(EngineDiagnostics.Name) ?? new Meter(EngineDiagnostics.Name);
        var interval = (options?.Value ?? new EngineTelemetryOptions()).StoreReadInterval;
        _instances = new InstanceCounts(store, time, interval, ex => LogStoreReadFailed(_logger, ex));

        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        _activityDuration = _meter.CreateHistogram("patientdocs.activity.duration", "s", "Activity executions from start to completion (a task's includes its waits and retries), by activity type and final status.", advice: buckets);
        _burstDuration = _meter.CreateHistogram("patientdocs.burst.duration", "s", "One burst of an instance: interpreting and committing, by workflow definition.", advice: buckets);
        _attemptDuration = _meter.CreateHistogram("patientdocs.task.attempt.duration", "s", "One task attempt from its permit to its resolution in the store, by queue, activity type and outcome.", advice: buckets);
        _queueWait = _meter.CreateHistogram("patientdocs.task.queue.wait", "s", "How long a ready task waited in its queue (claim or permit time minus ready time), by queue.", advice: buckets);
        _incidents = _meter.CreateCounter<long>("patientdocs.incidents", "{incident}", "Incidents raised on instances, by workflow definition.");
        _retries = _meter.CreateCounter<long>("patientdocs.task.retries", "{retry}", "Task attempts that failed transiently and were rescheduled, by queue and activity type.");
        _meter.CreateObservableGauge("patientdocs.task.queue.depth", ObserveQueueDepth, "{task}", "Tasks ready to run and waiting for a slot, a permit or the breaker, by queue (as this node's task worker last saw them).");
        _meter.CreateObservableGauge("patientdocs.task.slots.used", ObserveSlots, "{slot}", "Slots of this node in use, by queue.");
        _permitsUsed = _meter.CreateObservableGauge("patientdocs.limit.permits.used", ObservePermitsUsed, "{permit}", "Permits of the limit that this node's attempts hold or released within the window, by limit.");
        _meter.CreateObservableGauge("patientdocs.limit.permits.capacity", ObservePermitsCapacity, "{permit}", "Permits the limit allows in one window, by limit.");
        _meter.CreateObservableGauge("patientdocs.breaker.state", ObserveBreakers, "{state}", "The circuit breaker of the queue's service on this node: 0 closed, 1 open, by queue and service.");
        _meter.CreateObservableGauge("patientdocs.instances", ObserveInstances, "{instance}", "Workflow instances by sub-status (read from the store at most once per StoreReadInterval).");
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading instance counts for the instances gauge failed; the last reading is reported")]
    private static partial void LogStoreReadFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PatientDocs.Engine.Queues;

/// <summary>
/// The configured queues resolved for this node: limits scaled by TimeScale, queues grouped by shared limit, one retry
/// policy and one breaker per service. A queue nobody configured gets a default (unlimited, default slots) and a warning.
/// </summary>
public sealed partial class TaskQueueCatalog
{
    public const string DefaultService = "Default";

    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly int _defaultQueueSlots;
    private readonly Dictionary<string, ResolvedQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<QueueGroup> _groups = [];
    private readonly Dictionary<string, RetryPolicy> _retry = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CircuitBreaker> _breakers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResolvedLimit> _limits = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="services">The services' limits, queues, retries and breakers.</param>
    /// <param name="timeScale">Divides every configured duration (limits' periods, retries, breaker probes).</param>
    /// <param name="defaultQueueSlots">Slots of a queue no service configures (it runs unlimited).</param>
    /// <param name="logger">Warns of such queues.</param>
    public TaskQueueCatalog(TaskServicesOptions services, double timeScale = 1, int defaultQueueSlots = 4, ILogger<TaskQueueCatalog>? logger = null)
    {
        _defaultQueueSlots = defaultQueueSlots;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var scale = timeScale;
        foreach (var (serviceName, service) in services.Services)
        {
            _retry[serviceName] = RetryPolicy.From(service.Retry, scale);
            _breakers[serviceName] = new CircuitBreaker(serviceName, service.Breaker.FailureThreshold, service.Breaker.ProbeInterval / scale);
            var limits = service.Limits.ToDictionary(
                kv => kv.Key,
                kv => Resolve($"{serviceName}.{kv.Key}", kv.Value, scale),
                StringComparer.OrdinalIgnoreCase);
            foreach (var limit in limits.Values)
            {
                _limits[limit.Name] = limit;
            }

            var byLimit = new Dictionary<string, List<ResolvedQueue>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (queueName, queue) in service.Queues)
            {
                var limit = queue.Limit is { } name && limits.TryGetValue(name, out var l) ? l : null;
                var unitLimit = queue.UnitLimit is { } unitName && limits.TryGetValue(unitName, out var u) ? u : null;
                var timeout = (queue.StartToCloseTimeout ?? service.StartToCloseTimeout) / scale;
                var resolved = new ResolvedQueue(queueName, serviceName, queue.Slots, queue.Budget, limit, IsDefault: false, timeout) { UnitLimit = unitLimit };
                _queues[queueName] = resolved;
                if ((limit ?? unitLimit) is not { } groupLimit)
                {
                    _groups.Add(new QueueGroup(queueName, serviceName, [resolved], null));
                }
                else
                {
                    if (!byLimit.TryGetValue(groupLimit.Name, out var list))
                    {
                        byLimit[groupLimit.Name] = list = [];
                    }

                    list.Add(resolved);
                }
            }

            foreach (var (limitName, queues) in byLimit)
            {
                _groups.Add(new QueueGroup(limitName, serviceName, queues, queues[0].Limit) { UnitLimit = queues[0].UnitLimit });
            }
        }

        _retry[DefaultService] = RetryPolicy.From(new RetryOptions(), scale);
        _breakers[DefaultService] = new CircuitBreaker(DefaultService, 0, TimeSpan.FromSeconds(30) / scale);
    }

    /// <summary>A snapshot of the groups, including defaults added so far.</summary>
    public IReadOnlyList<QueueGroup> Groups
    {
        get
        {
            lock (_gate)
            {
                return [.. _groups];
            }
        }
    }

    public bool IsConfigured(string queue)
    {
        lock (_gate)
        {
            return _queues.TryGetValue(queue, out var q) && !q.IsDefault;
        }
    }

    /// <summary>The queue's settings; an unknown queue is added as an unlimited default queue with a warning.</summary>
    public ResolvedQueue Resolve(string queue)
    {
        lock (_gate)
        {
            if (_queues.TryGetValue(queue, out var known))
            {
                return known;
            }

            var created = new ResolvedQueue(queue, DefaultService, _defaultQueueSlots, null, null, IsDefault: true);
            _queues[queue] = created;
            _groups.Add(new QueueGroup(queue, DefaultService, [created], null));
            LogUnconfiguredQueue(_logger, queue, created.Slots);
            return created;
        }
    }

    /// <summary>Every configured limit by its global name <c>{Service}.{Limit}</c>, whether or not a queue draws on it.</summary>
    public IReadOnlyDictionary<string, ResolvedLimit> Limits => _limits;

    public RetryPolicy RetryPolicyFor(string queue) => _retry[Resolve(queue).Service];

    public CircuitBreaker BreakerFor(string service) => _breakers[service];

    private static ResolvedLimit Resolve(string name, RateLimitOptions limit, double scale)
    {
        var hold = limit.Hold / scale;
        var period = limit.Period / scale;
        return new ResolvedLimit(name, limit.Permits, period + (period * limit.Drift) + limit.Guard, hold < limit.MinimumHold ? limit.MinimumHold : hold, limit.Lookahead);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} is not configured under PatientDocs:Services; running it unlimited with {Slots} slots")]
    private static partial void LogUnconfiguredQueue(ILogger logger, string queue, int slots);
}

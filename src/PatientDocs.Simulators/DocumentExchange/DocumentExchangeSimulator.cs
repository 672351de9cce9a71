using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>The state of the simulated DocumentExchange: its jobs, its distribution and its gate.</summary>
public sealed class DocumentExchangeSimulator : ISimulatedService
{
    public const string SearchAndDownloadLimit = "search+download";
    public const string StatusLimit = "status";

    private readonly TimeProvider _time;
    private readonly DocumentExchangeOptions _options;
    private readonly double _timeScale;
    private readonly double _latencyMultiplier;
    private readonly ConcurrentDictionary<string, SearchJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SearchJob> _jobsByKey = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DocumentExchangeSimulator(IOptions<SimulatorsOptions> options, TimeProvider time)
    {
        _time = time;
        _options = options.Value.DocumentExchange;
        _timeScale = options.Value.TimeScale;
        _latencyMultiplier = options.Value.LatencyMultiplier;
        Distribution = new DocumentDistribution(_options.Distribution, _options.Overrides);
        var shared = Limit(SearchAndDownloadLimit, _options.Limits.SearchAndDownload);
        var status = Limit(StatusLimit, _options.Limits.Status);
        Gate = new ServiceGate("document-exchange", _timeScale, time, options.Value.LatencySeed,
        [
            new GatedEndpoint("search", shared, Latency("search")),
            new GatedEndpoint("status", status, Latency("status")),
            new GatedEndpoint("download", shared, Latency("download")),
        ]);
        foreach (var outage in _options.Outages)
        {
            Gate.Outages.Add(outage.Kind, Scaled(outage.StartInSeconds), Scaled(outage.DurationSeconds));
        }
    }

    public ServiceGate Gate { get; }

    public DocumentDistribution Distribution { get; }

    public SearchJob StartSearch(string patientKey, string? idempotencyKey)
    {
        lock (_gate)
        {
            if (idempotencyKey is not null && _jobsByKey.TryGetValue(idempotencyKey, out var existing))
            {
                return existing;
            }

            var now = _time.GetUtcNow();
            var duration = Scaled(_options.JobSeconds);
            var job = new SearchJob(
                $"job-{Guid.NewGuid():N}",
                patientKey,
                Distribution.CountFor(patientKey),
                now,
                now + duration / 5,
                now + duration,
                _options.FailureFraction > 0 && Random.Shared.NextDouble() < _options.FailureFraction);
            _jobs[job.JobId] = job;
            if (idempotencyKey is not null)
            {
                _jobsByKey[idempotencyKey] = job;
            }

            return job;
        }
    }

    public SearchJob? FindJob(string jobId) => _jobs.GetValueOrDefault(jobId);

    public DateTimeOffset Now => _time.GetUtcNow();

    private SlidingWindowLimit Limit(string name, LimitOptions limit) =>
        new(name, limit.Permits, Scaled(limit.PeriodSeconds), _time);

    private EndpointLatency Latency(string endpoint) =>
        EndpointLatency.From(_options.Latency.GetValueOrDefault(endpoint), _timeScale, _latencyMultiplier);

    private TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds / _timeScale);
}

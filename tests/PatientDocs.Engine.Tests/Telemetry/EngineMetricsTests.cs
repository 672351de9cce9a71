using System.Diagnostics.Metrics;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine.Tests.Telemetry;

/// <summary>The engine's gauges read through a <see cref="MeterListener"/>, driven by a fake clock.</summary>
public sealed class EngineMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(StoreSamples.T0);
    private readonly InMemoryWorkflowStore _store = new();
    private readonly TaskQueueCatalog _catalog = new(new TaskServicesOptions
    {
        Services =
        {
            ["Api"] = new TaskServiceOptions
            {
                Limits = { ["Calls"] = new RateLimitOptions { Permits = 3, Period = TimeSpan.FromSeconds(10), Guard = TimeSpan.Zero, Drift = 0, Hold = TimeSpan.FromMinutes(1) } },
                Queues = { ["api"] = new QueueOptions { Limit = "Calls" } },
            },
        },
    });

    private readonly EngineMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Instrument, string Labels), double> _values = [];

    public EngineMetricsTests()
    {
        _metrics = new EngineMetrics(_store, _catalog, _clock);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EngineDiagnostics.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _values[(instrument.Name, Labels(tags))] = value);
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _values[(instrument.Name, Labels(tags))] = value);
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task InstancesGauge_CountsTheStoreOncePerStoreReadInterval()
    {
        await _store.CreateInstancesAsync([StoreSamples.Instance("i1", StoreSamples.T0, subStatus: WorkflowSubStatus.Suspended)], []);
        Assert.Equal(1, Collect("patientdocs.instances", "status=Suspended"));

        await _store.CreateInstancesAsync([StoreSamples.Instance("i2", StoreSamples.T0, subStatus: WorkflowSubStatus.Suspended)], []);
        _clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(1, Collect("patientdocs.instances", "status=Suspended"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Collect("patientdocs.instances", "status=Suspended"));
    }

    [Fact]
    public void PermitsUsed_CountsAPermitWhileHeld_AndForOneWindowAfterItsAnswer()
    {
        var limit = _catalog.Limits["Api.Calls"];
        var task = StoreSamples.Task("t1", "api", StoreSamples.T0) with { PermitGrantedAt = StoreSamples.T0 };
        _metrics.TaskClaimed(task, limit, StoreSamples.T0);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, Collect("patientdocs.limit.permits.used", "limit=Api.Calls"));
        Assert.Equal(3, Collect("patientdocs.limit.permits.capacity", "limit=Api.Calls"));

        _metrics.PermitReleased("t1", StoreSamples.T0, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(1, Collect("patientdocs.limit.permits.used", "limit=Api.Calls"));

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(0, Collect("patientdocs.limit.permits.used", "limit=Api.Calls"));
    }

    [Fact]
    public void QueueDepthGauge_ReportsTheLastSummary_AndZeroForAConfiguredQueueWithoutTasks()
    {
        _metrics.ObserveBacklog(new Dictionary<string, QueueBacklog> { ["other"] = new(5, null) });

        Assert.Equal(5, Collect("patientdocs.task.queue.depth", "queue=other"));
        Assert.Equal(0, Collect("patientdocs.task.queue.depth", "queue=api"));
    }

    [Fact]
    public void BreakerGauge_IsOneWhileTheServiceBreakerIsOpen()
    {
        var breaker = _catalog.BreakerFor("Api");
        for (var i = 0; i < 10 && !breaker.IsOpen; i++)
        {
            breaker.RecordTransientFailure(_clock.GetUtcNow());
        }

        Assert.True(breaker.IsOpen);
        Assert.Equal(1, Collect("patientdocs.breaker.state", "queue=api,service=Api"));
        breaker.RecordSuccess();
        Assert.Equal(0, Collect("patientdocs.breaker.state", "queue=api,service=Api"));
    }

    private double Collect(string instrument, string labels)
    {
        _values.Clear();
        _listener.RecordObservableInstruments();
        Assert.True(_values.TryGetValue((instrument, labels), out var value), $"{instrument} has no measurement with {labels}: {string.Join("; ", _values.Keys)}");
        return value;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<string>();
        foreach (var tag in tags)
        {
            pairs.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(",", pairs);
    }
}

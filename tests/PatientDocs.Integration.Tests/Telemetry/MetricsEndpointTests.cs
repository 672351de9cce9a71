using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Http;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> on each store, scraped while tasks wait behind a busy slot and after a small workload has run: the engine's
/// instruments are there with their labels and the values the workload made. Each store's queue and limit have their own
/// names, so servers of other tests in the same process cannot add to what is asserted exactly.
/// </summary>
public abstract class MetricsEndpointTests : IAsyncLifetime
{
    private RecordingHttpServer? _calls;
    private ServerFactory? _server;

    /// <summary>A short name of the store, part of the queue's and limit's names.</summary>
    protected abstract string Store { get; }

    private string Queue => $"telemetry-{Store}";

    private string Limit => $"Telemetry{Store}.Calls";

    private RecordingHttpServer Calls => _calls ?? throw new InvalidOperationException("not started");

    /// <summary>The server on this store (the settings below are added to it).</summary>
    protected abstract ServerFactory CreateServer();

    public async Task InitializeAsync()
    {
        _calls = await RecordingHttpServer.StartAsync();
        _server = CreateServer();
        var service = $"PatientDocs:Services:Telemetry{Store}";
        _server.Overrides["PatientDocs:TimeScale"] = "1";
        _server.Overrides["PatientDocs:Telemetry:StoreReadInterval"] = "00:00:00.001";
        _server.Overrides["PatientDocs:Services:Http:Queues:http:Slots"] = "4";
        _server.Overrides["PatientDocs:Services:Http:Retry:InitialDelay"] = "00:00:00.050";
        _server.Overrides["PatientDocs:Services:Http:Retry:MaxDelay"] = "00:00:00.050";
        _server.Overrides[$"{service}:Limits:Calls:Permits"] = "2";
        _server.Overrides[$"{service}:Limits:Calls:Period"] = "00:00:01";
        _server.Overrides[$"{service}:Queues:{Queue}:Limit"] = "Calls";
        _server.Overrides[$"{service}:Queues:{Queue}:Slots"] = "1";
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_calls is not null)
        {
            await _calls.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_DuringAndAfterAWorkloadOfTasks_ShowQueueLimitActivityAndInstanceInstruments()
    {
        using var client = _server!.CreateClient();
        await TelemetryWorkflows.PublishCallAsync(client, $"telemetry-held-{Store}", $"telemetry/held-{Store}", Calls.BaseUrl + "/tbx/held", "GET", Queue);
        await TelemetryWorkflows.PublishCallAsync(client, $"telemetry-flaky-{Store}", $"telemetry/flaky-{Store}", Calls.BaseUrl + "/flaky", "POST", "http");
        var held = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await TelemetryWorkflows.TriggerAsync(client, $"telemetry/held-{Store}"));
        }

        var flaky = await TelemetryWorkflows.TriggerAsync(client, $"telemetry/flaky-{Store}");

        // One call holds the queue's only slot and a permit; the other two wait in the queue.
        await Calls.HeldArrived.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var during = await ScrapeUntilAsync(client, s => Value(s, "patientdocs_task_queue_depth", ("queue", Queue)) == 2);
        Assert.Equal(1, Value(during, "patientdocs_task_slots_used", ("queue", Queue)));
        Assert.Equal(1, Value(during, "patientdocs_limit_permits_used", ("limit", Limit)));
        Assert.Equal(2, Value(during, "patientdocs_limit_permits_capacity", ("limit", Limit)));
        Assert.Equal(0, Value(during, "patientdocs_breaker_state", ("queue", Queue), ("service", $"Telemetry{Store}")));
        Assert.True(Value(during, "patientdocs_instances", ("status", "Suspended")) >= 3);

        Calls.Release.TrySetResult();
        foreach (var instanceId in held.Append(flaky))
        {
            await client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        }

        var after = await ScrapeUntilAsync(client, s => Value(s, "patientdocs_task_queue_depth", ("queue", Queue)) == 0);
        Assert.Equal(3, Value(after, "patientdocs_task_queue_wait_seconds_count", ("queue", Queue)));
        Assert.True(Value(after, "patientdocs_task_queue_wait_seconds_sum", ("queue", Queue)) > 0, "two of the three calls waited for the slot");
        Assert.Equal(3, Value(after, "patientdocs_task_attempt_duration_seconds_count", ("queue", Queue), ("activity_type", "Elsa.FlowSendHttpRequest"), ("outcome", "completed")));
        Assert.True(Value(after, "patientdocs_task_retries_total", ("queue", "http"), ("activity_type", "Elsa.FlowSendHttpRequest")) >= 2, "the flaky call was answered 503 twice");

        // The activity histogram has the advised buckets (so quantiles are derivable) and counts the four calls.
        var calls = new[] { ("activity_type", "Elsa.FlowSendHttpRequest"), ("status", "Completed") };
        Assert.True(Value(after, "patientdocs_activity_duration_seconds_count", calls) >= 4);
        Assert.True(Value(after, "patientdocs_activity_duration_seconds_bucket", [.. calls, ("le", "+Inf")]) >= 4);
        Assert.Contains(after, s => s.Name == "patientdocs_activity_duration_seconds_bucket" && s.Has([.. calls, ("le", "21600")]));
        Assert.Contains(after, s => s.Name == "patientdocs_activity_duration_seconds_bucket" && s.Has([("activity_type", "Elsa.WriteLine"), ("le", "0.005")]));
        Assert.True(Value(after, "patientdocs_burst_duration_seconds_count", ("workflow_definition", $"telemetry-held-{Store}")) >= 6);
        Assert.True(Value(after, "patientdocs_instances", ("status", "Finished")) >= 4);
        Assert.Contains(after, s => s.Name.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(after, s => s.Name.StartsWith("http_client_request_duration_seconds", StringComparison.Ordinal));
    }

    /// <summary>The one sample of <paramref name="name"/> with these labels (0 when there is none).</summary>
    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Name, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && s.Has(labels)).ToList();
        Assert.True(matching.Count <= 1, $"{name} has {matching.Count} samples with these labels");
        return matching.Count == 0 ? 0 : matching[0].Value;
    }

    // The gauges follow the workers, which run in the background: scrape until they have caught up, 15 s at most.
    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(HttpClient client, Func<IReadOnlyList<PrometheusSample>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        IReadOnlyList<PrometheusSample> last = [];
        while (!timeout.IsCancellationRequested)
        {
            last = await TelemetryWorkflows.ScrapeAsync(client);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new Xunit.Sdk.XunitException("the metrics did not reach the awaited values in 15 s; last scrape:\n"
            + string.Join("\n", last.Where(s => s.Name.StartsWith("patientdocs_", StringComparison.Ordinal)).Select(s => $"{s.Name} {string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))} {s.Value}")));
    }
}

using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using PatientDocs.Engine.Telemetry;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Http;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Telemetry;

/// <summary>Traces with tracing on, caught by OpenTelemetry's in-memory exporter: burst → task attempt → outbound HTTP call, one trace.</summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly SpanCollection _spans = new();
    private RecordingHttpServer? _calls;

    private TracingServer? Server { get; set; }

    public async Task InitializeAsync()
    {
        _calls = await RecordingHttpServer.StartAsync();
        Server = new TracingServer(_spans);
        Server.Overrides["PatientDocs:TimeScale"] = "1";
        Server.Overrides["PatientDocs:Telemetry:Tracing"] = "true";
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (_calls is not null)
        {
            await _calls.DisposeAsync();
        }
    }

    [Fact]
    public async Task TaskAttemptSpan_IsAChildOfTheBurstThatEnqueuedIt_AndParentOfItsOutboundCall()
    {
        using var client = Server!.CreateClient();
        await TelemetryWorkflows.PublishCallAsync(client, "telemetry-traced", "telemetry/traced", _calls!.BaseUrl + "/limited", "GET", "http");

        var instanceId = await TelemetryWorkflows.TriggerAsync(client, "telemetry/traced");

        await client.WaitForInstanceAsync(instanceId, i => i.Str("status") == "Finished");
        var spans = await SpansUntilAsync(s => s.Any(IsCallOf(instanceId, s)));
        var ofInstance = spans.Where(s => s.Source.Name == EngineDiagnostics.Name && (string?)s.GetTagItem(EngineTracing.InstanceIdTag) == instanceId).ToList();
        var startBursts = ofInstance.Where(s => s.DisplayName == "burst telemetry-traced" && (string?)s.GetTagItem("patientdocs.work_item.kind") == "Start").ToList();
        var attempts = ofInstance.Where(s => s.DisplayName == "task Elsa.FlowSendHttpRequest").ToList();
        var calls = spans.Where(IsCallOf(instanceId, spans)).ToList();
        var burst = Assert.Single(startBursts);
        var attempt = Assert.Single(attempts);
        Assert.Equal(burst.TraceId, attempt.TraceId);
        Assert.Equal(burst.SpanId, attempt.ParentSpanId);
        Assert.Equal("http", attempt.GetTagItem(EngineTracing.QueueTag));
        Assert.Equal("completed", attempt.GetTagItem(EngineTracing.OutcomeTag));
        var call = Assert.Single(calls);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(attempt.TraceId, call.TraceId);
        Assert.Contains("/limited", (string?)call.GetTagItem("url.full"), StringComparison.Ordinal);
        Assert.Contains(ofInstance, s => s.DisplayName == "burst telemetry-traced" && (string?)s.GetTagItem("patientdocs.work_item.kind") == "Resume");
    }

    // The outbound call of the instance's task attempt: an HttpClient span whose parent is that attempt.
    private static Func<Activity, bool> IsCallOf(string instanceId, IReadOnlyList<Activity> spans) => span =>
        span.Source.Name == "System.Net.Http"
        && spans.Any(a => a.SpanId == span.ParentSpanId && a.DisplayName.StartsWith("task ", StringComparison.Ordinal) && (string?)a.GetTagItem(EngineTracing.InstanceIdTag) == instanceId);

    // A span is exported when it ends, which may be just after the instance's next burst has committed.
    private async Task<IReadOnlyList<Activity>> SpansUntilAsync(Func<IReadOnlyList<Activity>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var spans = _spans.Snapshot();
            if (done(spans))
            {
                return spans;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException("the spans did not arrive in 15 s; exported: " + string.Join(", ", spans.Select(s => $"{s.Source.Name}/{s.DisplayName}")));
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    private sealed class TracingServer(SpanCollection spans) : ServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        }
    }
}

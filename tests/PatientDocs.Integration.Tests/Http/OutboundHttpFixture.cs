using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// A server at TimeScale 1 whose <c>http</c> queue retries within milliseconds and whose <c>test-api</c> queue draws on a
/// limit of 2 requests per second, plus the <see cref="RecordingHttpServer"/> its workflows call.
/// </summary>
public sealed class OutboundHttpFixture : IAsyncLifetime
{
    private RecordingHttpServer? _server;

    internal RecordingHttpServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public ServerFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await RecordingHttpServer.StartAsync();
        Factory.Overrides["PatientDocs:TimeScale"] = "1";
        Factory.Overrides["PatientDocs:Services:Http:Queues:http:Slots"] = "8";
        Factory.Overrides["PatientDocs:Services:Http:Retry:InitialDelay"] = "00:00:00.050";
        Factory.Overrides["PatientDocs:Services:Http:Retry:MaxDelay"] = "00:00:00.200";
        Factory.Overrides["PatientDocs:Services:TestApi:Limits:Calls:Permits"] = "2";
        Factory.Overrides["PatientDocs:Services:TestApi:Limits:Calls:Period"] = "00:00:01";
        Factory.Overrides["PatientDocs:Services:TestApi:Queues:test-api:Limit"] = "Calls";
        Factory.Overrides["PatientDocs:Services:TestApi:Queues:test-api:Slots"] = "8";
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

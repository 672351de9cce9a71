using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>An idle stream writes a <c>: keep-alive</c> comment once the keep-alive interval has passed on the server's clock.</summary>
public sealed class ProgressKeepAliveTests : IDisposable
{
    // Distinct from every other timer of the server, so the test knows which one it waits for.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(14.5);

    private readonly TimerWatchingTimeProvider _clock = new();
    private readonly ProgressServer _server;
    private readonly HttpClient _client;

    public ProgressKeepAliveTests()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        _server = new ProgressServer("InMemory", clock: _clock);
        _server.Overrides["PatientDocs:Progress:KeepAliveInterval"] = "00:00:14.5";
        _client = _server.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task AllInstancesStream_Idle_WritesAKeepAliveCommentAfterTheInterval()
    {
        var waiting = _clock.WhenTimerCreated(KeepAlive);
        await using var stream = await SseStream.OpenAsync(_client, "/api/events");
        await waiting;

        _clock.Advance(KeepAlive);
        var message = await stream.ReadAsync();

        Assert.Equal(new SseMessage(null, null, null, "keep-alive"), message);
    }

    [Fact]
    public async Task InstanceStream_WaitingOnAnEvent_WritesAKeepAliveAfterItsEvents_AndWaitsOn()
    {
        await _client.SaveAsync(ApiJson.Flow("keep-alive", ApiJson.Start(), ApiJson.Event("wait", "never")), publish: true);
        using var executed = await _client.PostAsJsonAsync("/elsa/api/workflow-definitions/keep-alive/execute", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        var id = (await executed.ReadObjectAsync()).Str("id");
        await _client.WaitForInstanceAsync(id, i => i.Str("subStatus") == "Suspended");

        var waiting = _clock.WhenTimerCreated(KeepAlive);
        await using var stream = await SseStream.OpenAsync(_client, $"/api/workflow-instances/{id}/events");
        var events = await stream.ReadEventsUntilAsync(e => e.Event == "workflow-suspended");
        await waiting;
        _clock.Advance(KeepAlive - TimeSpan.FromSeconds(1));
        var stillWaiting = _clock.WhenTimerCreated(KeepAlive);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var message = await stream.ReadAsync();
        await stillWaiting;

        Assert.Equal(["workflow-started", "activity-started", "activity-completed", "activity-started", "workflow-suspended"], events.Select(e => e.Event));
        Assert.Equal("keep-alive", message!.Comment);
    }
}

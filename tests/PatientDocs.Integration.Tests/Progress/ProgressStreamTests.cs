using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>
/// The progress streams of the contract, read as a client reads them: one instance's events (ids 1, 2, 3, …, replay after
/// Last-Event-ID or ?lastEventId=, one start and one end per activity execution as in the journal, closed after the end)
/// and the all-instances stream (live, filtered by definition, replay after a global cursor). One subclass per store.
/// </summary>
public abstract class ProgressStreamTests : ServerTest<ProgressServer>
{
    [StoreFact]
    public async Task InstanceStream_FollowsAWorkflowWithATaskAnEventAndADelay_InJournalOrder_ThenCloses()
    {
        var eventName = "go-" + Guid.NewGuid().ToString("N")[..8];
        var definitionId = await PublishAsync(
            ApiJson.WriteLine("hello", "hello"),
            new JsonObject { ["id"] = "fetch", ["type"] = "Test.RetryOnce", ["version"] = 1 },
            ApiJson.Event("wait", eventName),
            new JsonObject { ["id"] = "pause", ["type"] = "Elsa.Delay", ["version"] = 1, ["timeSpan"] = ApiJson.Literal("00:00:01", "TimeSpan") });
        var id = await ExecuteAsync(definitionId);

        await using var stream = await SseStream.OpenAsync(Client, $"/api/workflow-instances/{id}/events");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var beforeEvent = await stream.ReadEventsUntilAsync(e => e.Event == "activity-started" && e.Field("activityId") == "wait");
        await PublishEventAsync(eventName);
        var rest = await stream.ReadToEndAsync();
        var events = beforeEvent.Concat(rest).ToList();

        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), events.Select(e => e.Id));
        Assert.Equal("workflow-started", events[0].Event);
        Assert.Equal("workflow-finished", events[^1].Event);
        Assert.Equal(await JournalEventsAsync(id, definitionId), events.Select(e => (e.Event!, e.Field("activityId"))));
        foreach (var activity in new[] { "start1", "hello", "fetch", "wait", "pause", "after" })
        {
            var own = events.Where(e => e.Field("activityId") == activity).Select(e => e.Event).ToList();
            var expected = activity == "fetch"
                ? new[] { "activity-started", "activity-retrying", "activity-completed" }
                : ["activity-started", "activity-completed"];
            Assert.Equal(expected, own);
        }

        // Each wait is the instance's suspension, and the next burst its resumption.
        var instanceLevel = events.Where(e => e.Event!.StartsWith("workflow-", StringComparison.Ordinal)).Select(e => e.Event).ToList();
        Assert.Equal(
            ["workflow-started", "workflow-suspended", "workflow-resumed", "workflow-suspended", "workflow-resumed", "workflow-suspended", "workflow-resumed", "workflow-finished"],
            instanceLevel);
        foreach (var message in events)
        {
            var data = message.Json;
            Assert.DoesNotContain('\n', message.Data!);
            Assert.Equal((id, definitionId), (data.Str("instanceId"), data.Str("definitionId")));
            Assert.EndsWith("Z", data.Str("at"), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(data.Str("at"), CultureInfo.InvariantCulture).Offset);
            if (message.Event!.StartsWith("activity-", StringComparison.Ordinal))
            {
                Assert.False(string.IsNullOrEmpty(data.Str("activityType")));
                Assert.False(string.IsNullOrEmpty(data.Str("activityName")));
            }
        }
    }

    [StoreFact]
    public async Task InstanceStream_AfterLastEventId_ReplaysTheRest_HeaderBeforeQuery_AndAFinishedOneReplaysAllAndCloses()
    {
        var definitionId = await PublishAsync(ApiJson.WriteLine("one", "1"), ApiJson.WriteLine("two", "2"));
        var id = await ExecuteAsync(definitionId);
        await Client.WaitForInstanceAsync(id, i => i.Str("status") == "Finished");

        var all = await ReadAllAsync($"/api/workflow-instances/{id}/events");
        var afterHeader = await ReadAllAsync($"/api/workflow-instances/{id}/events", lastEventId: "3");
        var afterQuery = await ReadAllAsync($"/api/workflow-instances/{id}/events?lastEventId=5");
        var headerWins = await ReadAllAsync($"/api/workflow-instances/{id}/events?lastEventId=1", lastEventId: "6");
        var afterTheEnd = await ReadAllAsync($"/api/workflow-instances/{id}/events", lastEventId: all[^1].Id);

        // start1, one, two, after: a start and a completion each, between the workflow's start and finish.
        Assert.Equal(10, all.Count);
        Assert.Equal(all.Skip(3), afterHeader);
        Assert.Equal(all.Skip(5), afterQuery);
        Assert.Equal(all.Skip(6), headerWins);
        Assert.Empty(afterTheEnd);
    }

    [StoreFact]
    public async Task InstanceStream_UnknownInstance_Is404_AndABadCursorIs400NamingIt()
    {
        var definitionId = await PublishAsync(ApiJson.WriteLine("one", "1"));
        var id = await ExecuteAsync(definitionId);

        using var unknown = await Client.GetAsync("/api/workflow-instances/no-such-instance/events");
        using var badQuery = await Client.GetAsync($"/api/workflow-instances/{id}/events?lastEventId=abc");
        using var badHeader = new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-instances/{id}/events");
        badHeader.Headers.Add("Last-Event-ID", "-1");
        using var badHeaderResponse = await Client.SendAsync(badHeader);
        using var badGlobal = await Client.GetAsync("/api/events?lastEventId=1.5");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Equal("lastEventId", await badQuery.ProblemFieldAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badHeaderResponse.StatusCode);
        Assert.Equal("Last-Event-ID", await badHeaderResponse.ProblemFieldAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badGlobal.StatusCode);
        Assert.Equal("lastEventId", await badGlobal.ProblemFieldAsync());
    }

    [StoreFact]
    public async Task AllInstancesStream_IsLiveWithoutACursor_FiltersByDefinition_AndReplaysAfterACursor()
    {
        var watched = await PublishAsync(ApiJson.WriteLine("one", "1"));
        var other = await PublishAsync(ApiJson.WriteLine("one", "1"));
        var before = await ExecuteAsync(watched);
        await Client.WaitForInstanceAsync(before, i => i.Str("status") == "Finished");

        List<SseMessage> live;
        string otherId;
        string id;
        await using (var stream = await SseStream.OpenAsync(Client, $"/api/events?definitionId={watched}"))
        {
            otherId = await ExecuteAsync(other);
            await Client.WaitForInstanceAsync(otherId, i => i.Str("status") == "Finished");
            id = await ExecuteAsync(watched);
            live = await stream.ReadEventsUntilAsync(e => e.Event == "workflow-finished");
        }

        List<SseMessage> replayed;
        await using (var stream = await SseStream.OpenAsync(Client, $"/api/events?definitionId={watched}&lastEventId=0"))
        {
            replayed = await stream.ReadEventsUntilAsync(e => e.Event == "workflow-finished" && e.Field("instanceId") == id);
        }

        List<SseMessage> everything;
        await using (var stream = await SseStream.OpenAsync(Client, "/api/events", lastEventId: (live[0].Number - 1).ToString(CultureInfo.InvariantCulture)))
        {
            everything = await stream.ReadEventsUntilAsync(e => e.Event == "workflow-finished" && e.Field("instanceId") == id);
        }

        Assert.All(live, e => Assert.Equal((id, watched), (e.Field("instanceId"), e.Field("definitionId"))));
        Assert.Equal(8, live.Count);
        Assert.Equal(live.Select(e => e.Number).Order(), live.Select(e => e.Number));
        Assert.Equal(live.Count, live.Select(e => e.Number).Distinct().Count());
        Assert.Equal([before, id], replayed.Select(e => e.Field("instanceId")!).Distinct());
        Assert.Equal(live, replayed.Where(e => e.Field("instanceId") == id));
        Assert.Equal(live, everything.Where(e => e.Field("instanceId") == id));
        Assert.DoesNotContain(everything, e => e.Field("instanceId") == before);
    }

    private async Task<List<SseMessage>> ReadAllAsync(string path, string? lastEventId = null)
    {
        await using var stream = await SseStream.OpenAsync(Client, path, lastEventId);
        return await stream.ReadToEndAsync();
    }

    /// <summary>The instance's journal, mapped the way the streams map it: what the stream must show, in this order.</summary>
    private async Task<List<(string, string?)>> JournalEventsAsync(string instanceId, string definitionId)
    {
        var store = Server.Services.GetRequiredService<IWorkflowStore>();
        var records = await store.ReadInstanceJournalAsync(instanceId, 0, 10_000);
        return records.Select(r => ProgressMapper.Map(r, definitionId)).OfType<ProgressEvent>().Select(e => (e.Type, e.ActivityId)).ToList();
    }

    private async Task<string> PublishAsync(params JsonObject[] activities)
    {
        var definitionId = "progress-" + Guid.NewGuid().ToString("N")[..10];
        await Client.SaveAsync(ApiJson.Flow(definitionId, [ApiJson.Start(), .. activities, ApiJson.WriteLine("after", "done")]), publish: true);
        return definitionId;
    }

    private async Task<string> ExecuteAsync(string definitionId)
    {
        using var response = await Client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync()).Str("id");
    }

    private async Task PublishEventAsync(string eventName)
    {
        using var published = await Client.PostAsJsonAsync($"/elsa/api/events/{eventName}", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await published.ReadObjectAsync()).Int("resumedCount"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>The calls the durability tests make on a server child process, and the test workflow they run.</summary>
internal static class DurableApi
{
    /// <summary>Start → Delay → create a TaskTracker item for the input patientId → Delay → WriteLine.</summary>
    public static JsonObject TrackerWorkflow(string definitionId, TimeSpan delay)
    {
        var track = new JsonObject
        {
            ["id"] = "track",
            ["type"] = "PatientDocs.CreateTrackerItem",
            ["version"] = 1,
            ["patientId"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Input", ["value"] = "patientId" } },
            ["firstName"] = ApiJson.Literal("Durable"),
            ["lastName"] = ApiJson.Literal("Test"),
        };
        return ApiJson.Flow(definitionId, ApiJson.Start(), Delay("wait1", delay), track, Delay("wait2", delay), ApiJson.WriteLine("done", "done"));
    }

    /// <summary>Start → create a TaskTracker item for the input patientId (no timers: the task queue is the whole run).</summary>
    public static JsonObject TrackerOnlyWorkflow(string definitionId)
    {
        var flow = TrackerWorkflow(definitionId, TimeSpan.Zero);
        var activities = flow["root"]!["activities"]!.AsArray();
        var track = activities.Single(a => a!["id"]!.GetValue<string>() == "track")!.DeepClone().AsObject();
        return ApiJson.Flow(definitionId, ApiJson.Start(), track);
    }

    public static async Task PublishAsync(HttpClient client, JsonObject model)
    {
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Dispatches one instance per patient id, a few requests at a time; returns the instance ids.</summary>
    public static async Task<IReadOnlyList<string>> DispatchAsync(HttpClient client, string definitionId, IReadOnlyList<string> patientIds)
    {
        var ids = new string[patientIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, patientIds.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var body = new JsonObject { ["input"] = new JsonObject { ["patientId"] = patientIds[i] } };
            using var response = await client.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/dispatch", body, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids[i] = (await response.ReadObjectAsync())["workflowInstanceId"]!.GetValue<string>();
        });
        return ids;
    }

    /// <summary>How many instances are in any of these sub-statuses (the list's totalCount).</summary>
    public static async Task<long> CountAsync(HttpClient client, params string[] subStatuses)
    {
        var body = new JsonObject { ["page"] = 0, ["pageSize"] = 1, ["subStatuses"] = new JsonArray(subStatuses.Select(s => (JsonNode)s).ToArray()) };
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-instances", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["totalCount"]!.GetValue<long>();
    }

    /// <summary>Polls until <paramref name="done"/> holds or the deadline passes (then fails with <paramref name="what"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan deadline, Func<Task<string>> what)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await done())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Not reached within {deadline}: {await what()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The simulator's TaskTracker items (one GET: it is itself a rate-limited call).</summary>
    public static async Task<JsonArray> TrackerItemsAsync(HttpClient simulator)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await simulator.GetAsync("/sim/task-tracker/items");
            // Right after the servers' last calls the window may still be full: wait for a permit like any client.
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 50)
            {
                await Task.Delay(200);
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadObjectAsync())["items"]!.AsArray();
        }
    }

    public static async Task<JsonObject> TrackerStatsAsync(HttpClient simulator)
    {
        using var response = await simulator.GetAsync("/sim/task-tracker/stats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static JsonObject Delay(string id, TimeSpan delay) =>
        new() { ["id"] = id, ["type"] = "Elsa.Delay", ["version"] = 1, ["timeSpan"] = ApiJson.Literal(delay.ToString("c"), "TimeSpan") };
}

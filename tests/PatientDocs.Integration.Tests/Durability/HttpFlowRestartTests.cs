using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Api;
using PatientDocs.Integration.Tests.Http;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// The toolbox workflow of the Studio browser test (GET /workflows/hello/{name} → ForEach → HTTP request → DispatchWorkflow →
/// WriteHttpResponse) on a server process that is SIGKILLed while the HTTP request is out: after a restart on the same
/// store the request is sent again under the same Idempotency-Key, the child is dispatched once, the instance finishes and
/// its journal holds every step. One subclass per durable store.
/// </summary>
public abstract class HttpFlowRestartTests : IDisposable
{
    private readonly TempFolder dataFolder = new("pd-http-restart");

    /// <summary>The store settings of the server's command line.</summary>
    protected abstract IEnumerable<string> StoreArguments(string folder);

    public void Dispose()
    {
        dataFolder.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public async Task KilledWhileTheHttpCallIsOut_AfterARestart_TheFlowFinishesWithEveryStepAndOneChild()
    {
        await using var service = await RecordingHttpServer.StartAsync();
        string instanceId;
        await using (var first = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments()))
        {
            await DurableApi.PublishAsync(first.Client, ApiJson.Flow("hello-child", ApiJson.WriteLine("line", "child ran")));
            await DurableApi.PublishAsync(first.Client, HelloFlow(service.BaseUrl));

            // The caller's request dies with the server; what matters is the instance it started.
            var call = first.Client.GetAsync("/workflows/hello/ada");
            await service.HeldArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
            instanceId = Assert.Single(await InstancesAsync(first.Client, "hello-restart")).Str("id");
            await first.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => call);
        }

        await using var second = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments());
        service.Release.SetResult();
        await DurableApi.WaitUntilAsync(
            async () => (await InstanceAsync(second.Client, instanceId)).Str("status") == "Finished",
            TimeSpan.FromMinutes(2),
            async () => $"{(await InstanceAsync(second.Client, instanceId)).ToJsonString()}\n{second.Output}");

        Assert.Equal("Finished", (await InstanceAsync(second.Client, instanceId)).Str("subStatus"));
        var held = service.To("/tbx/held");
        Assert.True(held.Count >= 2, $"the request was sent {held.Count} time(s); the restart should have sent it again");
        Assert.Single(held.Select(r => r.IdempotencyKey).Distinct());
        // DispatchWorkflow does not wait for the child, so the parent can finish before the child has run.
        await DurableApi.WaitUntilAsync(
            async () => await InstancesAsync(second.Client, "hello-child") is { Count: > 0 } children && children.All(c => c!.Str("status") == "Finished"),
            TimeSpan.FromMinutes(1),
            async () => $"{(await InstancesAsync(second.Client, "hello-child")).ToJsonString()}\n{second.Output}");
        var child = Assert.Single(await InstancesAsync(second.Client, "hello-child"));
        Assert.Equal((instanceId, "Finished"), (child.Str("parentWorkflowInstanceId"), child.Str("subStatus")));
        var completed = await CompletedActivitiesAsync(second.Client, instanceId);
        Assert.Superset(new HashSet<string> { "endpoint", "loop", "call", "dispatch", "respond" }, completed);
    }

    private static JsonObject HelloFlow(string baseUrl)
    {
        var endpoint = ApiJson.HttpEndpoint("endpoint", "hello/{name}", methods: ["GET"]);
        var loop = new JsonObject { ["id"] = "loop", ["type"] = "Elsa.ForEach", ["version"] = 1, ["items"] = ApiJson.JavaScript("[\"x\", \"y\"]") };
        var call = new JsonObject
        {
            ["id"] = "call",
            ["type"] = "Elsa.FlowSendHttpRequest",
            ["version"] = 1,
            ["url"] = ApiJson.Literal($"{baseUrl}/tbx/held"),
            ["method"] = ApiJson.Literal("GET"),
        };
        var dispatch = new JsonObject
        {
            ["id"] = "dispatch",
            ["type"] = "Elsa.DispatchWorkflow",
            ["version"] = 1,
            ["workflowDefinitionId"] = ApiJson.Literal("hello-child"),
        };
        var respond = new JsonObject
        {
            ["id"] = "respond",
            ["type"] = "Elsa.WriteHttpResponse",
            ["version"] = 1,
            ["content"] = ApiJson.JavaScript("`Hello ${getInput(\"routeData\").name}`"),
        };
        return ApiJson.Flow("hello-restart", endpoint, loop, call, dispatch, respond);
    }

    private static async Task<JsonArray> InstancesAsync(HttpClient client, string definitionId)
    {
        using var response = await client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["page"] = 0, ["pageSize"] = 50, ["definitionId"] = definitionId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["items"]!.AsArray();
    }

    private static async Task<JsonObject> InstanceAsync(HttpClient client, string instanceId) =>
        (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}"))!;

    /// <summary>The activity ids the instance's journal records as completed (the viewer's source).</summary>
    private static async Task<HashSet<string>> CompletedActivitiesAsync(HttpClient client, string instanceId)
    {
        var journal = (await client.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-instances/{instanceId}/journal?take=200"))!;
        return journal["items"]!.AsArray()
            .Where(r => r!["eventName"]?.GetValue<string>() == "Completed")
            .Select(r => r!["activityId"]!.GetValue<string>())
            .ToHashSet();
    }

    private IEnumerable<string> Arguments() =>
    [
        $"--PatientDocs:DataFolder={dataFolder.Path}",
        "--PatientDocs:TimeScale=1",
        // A short lease so the restarted node takes over the dead one's instance and task within seconds.
        "--PatientDocs:LeaseDuration=00:00:05",
        "--PatientDocs:HeartbeatInterval=00:00:01",
        "--PatientDocs:ImportModuleWorkflows=false",
        $"--PatientDocs:WorkflowsFolder={PatientDocsRun.EmptyWorkflowsFolder()}",
        .. StoreArguments(dataFolder.Path),
    ];
}

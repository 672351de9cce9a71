using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Durability;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>
/// Issue 15, must-show: the server as a child process is SIGKILLed while one execution waits in a Wait state and another's
/// Task is asleep; started again on the same store, both finish, each state has run as one step, and the Task that had
/// completed before the kill ran once. One subclass per durable store.
/// </summary>
public abstract class RestartTests : IDisposable
{
    // Two workflows, so that each one's window (the sleep, the wait) is long enough to be seen on a loaded machine.
    private const string Sleeps = """
        {"name":"restart_sleeps","version":"1","startAt":"first","states":{
          "first":{"type":"Task","resource":"check.first","next":"slow"},
          "slow":{"type":"Task","resource":"check.slow","next":"done"},
          "done":{"type":"Success"}}}
        """;

    private const string Waits = """
        {"name":"restart_waits","version":"1","startAt":"first","states":{
          "first":{"type":"Task","resource":"check.first","next":"pause"},
          "pause":{"type":"Wait","seconds":30,"next":"done"},
          "done":{"type":"Success"}}}
        """;

    private readonly TempFolder dataFolder = new("pd-sl-restart");

    protected abstract IEnumerable<string> StoreArguments(string folder);

    public void Dispose()
    {
        dataFolder.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public async Task KilledDuringAWaitAndASleepingTask_AfterARestart_BothFinishWithEachStepRunOnce()
    {
        string waiting;
        string sleeping;
        await using (var first = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments()))
        {
            foreach (var definition in new[] { Sleeps, Waits })
            {
                using var registered = await first.Client.PostAsync("/workflows", new StringContent(definition, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            // The kill lands on observed states: one execution asleep in its Task, then the other in its Wait.
            sleeping = await StartAsync(first.Client, "restart_sleeps", JsonNode.Parse("""{"mock":{"check.slow":{"sleepSeconds":30}}}""")!.AsObject());
            await DurableApi.WaitUntilAsync(
                async () => StepStatus(await ExecutionAsync(first.Client, sleeping), "slow") == "RUNNING",
                TimeSpan.FromMinutes(1),
                async () => (await ExecutionAsync(first.Client, sleeping)).ToJsonString());
            waiting = await StartAsync(first.Client, "restart_waits", new JsonObject());
            await DurableApi.WaitUntilAsync(
                async () => StepStatus(await ExecutionAsync(first.Client, waiting), "pause") == "WAITING",
                TimeSpan.FromMinutes(1),
                async () => (await ExecutionAsync(first.Client, waiting)).ToJsonString());
            Assert.Equal("RUNNING", StepStatus(await ExecutionAsync(first.Client, sleeping), "slow"));
            await first.KillAsync();
        }

        await using var second = await AppProcess.StartAsync("PatientDocs.Server", "/health", Arguments());
        foreach (var (id, states) in new[] { (waiting, new[] { "first", "pause", "done" }), (sleeping, new[] { "first", "slow", "done" }) })
        {
            await DurableApi.WaitUntilAsync(
                async () => (await ExecutionAsync(second.Client, id))["status"]?.ToString() == "SUCCEEDED",
                TimeSpan.FromMinutes(2),
                async () => $"{await ExecutionAsync(second.Client, id)}\n{second.Output}");

            var execution = await ExecutionAsync(second.Client, id);
            var steps = execution["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
            Assert.Equal(states, steps.Select(s => s["stateName"]!.ToString()));
            Assert.All(steps, s => Assert.Equal("COMPLETED", s["status"]!.ToString()));
            Assert.Equal(1, steps[0]["attempts"]!.GetValue<int>());
        }
    }

    private static async Task<string> StartAsync(HttpClient client, string workflow, JsonObject input)
    {
        using var response = await client.PostAsJsonAsync("/workflow-executions", new JsonObject { ["workflowName"] = workflow, ["input"] = input });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["executionId"]!.ToString();
    }

    private static async Task<JsonObject> ExecutionAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/workflow-executions/{id}"))!;

    private static string? StepStatus(JsonObject execution, string state) =>
        execution["steps"]?.AsArray().LastOrDefault(s => s?["stateName"]?.ToString() == state)?["status"]?.ToString();

    private IEnumerable<string> Arguments() =>
    [
        $"--PatientDocs:DataFolder={dataFolder.Path}",
        "--PatientDocs:TimeScale=1",
        // A short lease so the restarted node takes over the dead one's instances and tasks within seconds.
        "--PatientDocs:LeaseDuration=00:00:05",
        "--PatientDocs:HeartbeatInterval=00:00:01",
        "--PatientDocs:ImportModuleWorkflows=false",
        $"--PatientDocs:WorkflowsFolder={PatientDocsRun.EmptyWorkflowsFolder()}",
        .. StoreArguments(dataFolder.Path),
    ];
}

using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Testing;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// Elsa's failure ports of the HTTP request activities on the whole runtime and a manual clock: a refused connection or a
/// timeout is retried with one key per the retry policy, then takes "Failed to connect" / "Timeout" (FlowSendHttpRequest) or
/// runs the FailedToConnect / Timeout slot (SendHttpRequest) when the workflow connects it, and faults when it does not.
/// </summary>
public abstract class HttpFailurePortTests : OnEachStore
{
    protected const string Refused = "refused";
    protected const string TimedOut = "timeout";

    [StoreFact]
    public async Task FlowSendHttpRequest_RefusedUntilTheDeadline_RetriesWithOneKey_ThenTakesFailedToConnect()
    {
        var (harness, instanceId) = await RunAsync("Elsa.FlowSendHttpRequest", Refused, connected: true, UnreachableUrl());

        var instance = await harness.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (instance.Status, instance.SubStatus, instance.IncidentCount));
        Assert.Equal(["handled"], harness.LinesOf(instanceId));
        var task = Assert.Single(await harness.Store.ListTasksAsync(instanceId));
        Assert.Equal((TaskState.Failed, 2, $"{instanceId}:req"), (task.State, task.Attempts, task.IdempotencyKey));
    }

    protected static string UnreachableUrl() => $"http://127.0.0.1:{FreePort.Next()}/nothing";

    /// <summary>
    /// Runs one request that fails every attempt: refused (attempts at 0 s and 5 s, the 12 s deadline stops the third) or
    /// timed out at 100 s (attempts at 0 s and 105 s, the 150 s deadline stops the third).
    /// </summary>
    private protected async Task<(RuntimeHarness Harness, string InstanceId)> RunAsync(string type, string failure, bool connected, string url, RecordingHttpServer? server = null)
    {
        var harness = new RuntimeHarness(Store, HttpRetries(failure == Refused ? TimeSpan.FromSeconds(12) : TimeSpan.FromSeconds(150)));
        await harness.PublishAsync(type == "Elsa.SendHttpRequest" ? WithSlot(url, failure, connected) : WithPorts(url, failure, connected));
        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (failure == Refused)
            {
                await harness.DriveAsync();
            }
            else
            {
                await TimeOutOneAttemptAsync(harness, server!);
            }

            harness.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        await harness.DriveAsync();
        return (harness, started!.Id);
    }

    private static async Task TimeOutOneAttemptAsync(RuntimeHarness harness, RecordingHttpServer server)
    {
        var drive = harness.DriveAsync();
        Assert.True(await server.HangArrivals.WaitAsync(TimeSpan.FromSeconds(30)), "the request never reached the server");

        // The request's own 100 s timeout, reached in heartbeat steps so the task keeps its lease.
        for (var i = 0; i < 10; i++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(10));
            await harness.TaskWorker.HeartbeatAsync();
        }

        await drive.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static TaskServicesOptions HttpRetries(TimeSpan deadline) => new()
    {
        Services =
        {
            ["Http"] = new TaskServiceOptions
            {
                Queues = { ["http"] = new QueueOptions { Slots = 4 } },
                Retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(1), Multiplier = 2, Jitter = 0, Deadline = deadline },
                Breaker = new BreakerOptions { FailureThreshold = 0 },
            },
        },
    };

    // The other failure's port is connected when this one is not, so the test tells the two apart.
    private static WorkflowDefinition WithPorts(string url, string failure, bool connected)
    {
        var port = (failure == Refused) == connected ? "Failed to connect" : "Timeout";
        return Def(
            [A("start", "Elsa.Start"), Request("Elsa.FlowSendHttpRequest", url), WriteLine("handled", "handled"), WriteLine("done", "done")],
            [C("start", "req"), C("req", "handled", port), C("req", "done")]);
    }

    private static WorkflowDefinition WithSlot(string url, string failure, bool connected)
    {
        var slot = (failure == Refused) == connected ? "failedToConnect" : "timeout";
        var request = Request("Elsa.SendHttpRequest", url);
        request[slot] = WriteLine("handled", "handled");
        return Def([A("start", "Elsa.Start"), request, WriteLine("done", "done")], [C("start", "req"), C("req", "done")]);
    }

    private static JsonObject Request(string type, string url) => A("req", type, ("url", Lit(url)), ("method", Lit("GET")));
}

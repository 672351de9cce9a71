using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>Both HTTP request activities, both failure kinds, connected or not, on the in-memory store.</summary>
public sealed class InMemoryHttpFailurePortTests : HttpFailurePortTests
{
    private static readonly string[] SlotThenDone = ["handled", "done"];

    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.InMemoryAsync();

    [Theory]
    [InlineData("Elsa.FlowSendHttpRequest", Refused, true)]
    [InlineData("Elsa.FlowSendHttpRequest", Refused, false)]
    [InlineData("Elsa.FlowSendHttpRequest", TimedOut, true)]
    [InlineData("Elsa.FlowSendHttpRequest", TimedOut, false)]
    [InlineData("Elsa.SendHttpRequest", Refused, true)]
    [InlineData("Elsa.SendHttpRequest", Refused, false)]
    [InlineData("Elsa.SendHttpRequest", TimedOut, true)]
    [InlineData("Elsa.SendHttpRequest", TimedOut, false)]
    public async Task FailureAfterTheRetries_TakesItsPortOrSlotWhenConnected_ElseFaults(string type, string failure, bool connected)
    {
        await using var server = await RecordingHttpServer.StartAsync();
        var url = failure == Refused ? UnreachableUrl() : server.BaseUrl + "/hang";

        var (harness, instanceId) = await RunAsync(type, failure, connected, url, server);

        var instance = await harness.InstanceAsync(instanceId);
        var task = Assert.Single(await harness.Store.ListTasksAsync(instanceId));
        Assert.Equal(2, task.Attempts);
        if (failure == TimedOut)
        {
            var calls = server.To("/hang");
            Assert.Equal(2, calls.Count);
            Assert.All(calls, c => Assert.Equal($"{instanceId}:req", c.IdempotencyKey));
        }

        if (!connected)
        {
            Assert.Equal((WorkflowSubStatus.Faulted, 1), (instance.SubStatus, instance.IncidentCount));
            Assert.Empty(harness.LinesOf(instanceId));
            return;
        }

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (instance.Status, instance.SubStatus, instance.IncidentCount));

        // Elsa's flow activity takes only the failure's outcome; the slot's owner completes (Done) after its child.
        Assert.Equal(type == "Elsa.SendHttpRequest" ? SlotThenDone : ["handled"], harness.LinesOf(instanceId));
    }
}

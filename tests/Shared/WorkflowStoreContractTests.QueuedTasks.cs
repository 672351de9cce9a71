using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

public abstract partial class WorkflowStoreContractTests
{
    [StoreFact]
    public async Task ListQueuedTasks_ReturnsUnfinishedTasksOfTheQueues_InClaimOrder()
    {
        await SeedTasksAsync("i-order", [
            Task("late", "search", T0.AddSeconds(2), instanceId: "i-order"),
            Task("early", "search", T0.AddSeconds(1), instanceId: "i-order"),
            Task("urgent", "download", T0.AddSeconds(3), priority: 1, instanceId: "i-order"),
            Task("elsewhere", "other", T0, instanceId: "i-order"),
            Task("done", "search", T0, instanceId: "i-order"),
        ]);
        var claimed = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(4), "node-a", 1, "search", "download"));
        var done = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(4), "node-a", 1, "search"));
        Assert.True(await Store.CompleteTaskAsync(new TaskCompletion { TaskId = done.Tasks.Single().Id, Owner = "node-a", Resolution = TaskResolution.Completed, Now = T0.AddSeconds(5) }));

        var queued = await Store.ListQueuedTasksAsync(["search", "download"]);

        Assert.Equal("urgent", claimed.Tasks.Single().Id);
        Assert.Equal(["urgent", "early", "late"], queued.Select(t => t.Id));
        Assert.Equal([TaskState.Running, TaskState.Pending, TaskState.Pending], queued.Select(t => t.State));
        Assert.Equal(new QueuedTask("early", "search", "i-order", "activity", "Test.Handler", 0, TaskState.Pending, T0.AddSeconds(1), T0.AddSeconds(1), null), queued[1]);
        Assert.Empty(await Store.ListQueuedTasksAsync([]));
    }
}

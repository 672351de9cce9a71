using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>The start-up warm-up of the task claim: it runs the claim's code and statements, and takes nothing.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [StoreFact]
    public async Task StoreWarmUp_WithReadyTasksOnALimitedQueue_ClaimsNothingAndGrantsNoPermit()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "calls", T0), Task("t1", "calls", T0.AddMilliseconds(1))]);
        var services = new TaskServicesOptions();
        services.Services["Exchange"] = new TaskServiceOptions
        {
            Limits = { ["Calls"] = new RateLimitOptions { Permits = 1, Period = TimeSpan.FromSeconds(10), Guard = TimeSpan.Zero, Hold = TimeSpan.Zero, MinimumHold = TimeSpan.Zero } },
            Queues = { ["calls"] = new QueueOptions { Limit = "Calls" } },
        };
        var catalog = new TaskQueueCatalog(services);
        var clock = new TimerWatchingTimeProvider();
        clock.SetUtcNow(T0.AddSeconds(1));
        var limit = Assert.Single(catalog.Groups, g => g.Limit is not null).Limit!;

        await StoreWarmUp.RunAsync(Store, catalog, new RuntimeOptions { NodeId = "node-a" }, clock, CancellationToken.None);

        foreach (var id in (string[])["t0", "t1"])
        {
            Assert.Equal(TaskState.Pending, (await Store.FindTaskAsync(id))!.State);
        }

        Assert.Empty(await Store.ListGrantsAsync(limit.Name, clock.GetUtcNow(), limit.Window));
        // The window is whole: the first real claim is granted at once.
        var claim = await Store.ClaimTasksAsync(Claim(clock.GetUtcNow(), "node-a", 1, "calls") with { Limit = limit.ToSpec() });
        Assert.Equal(["t0"], claim.Tasks.Select(t => t.Id));
    }
}

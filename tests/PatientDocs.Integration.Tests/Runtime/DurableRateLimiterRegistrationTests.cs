using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Integration.Tests.Runtime;

public sealed class DurableRateLimiterRegistrationTests
{
    [Fact]
    public async Task AddWorkflowRuntime_RegistersTheDurableLimitsAsAPartitionedRateLimiter_OnTheStoresWindows()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddWorkflowRuntime(configureServices: o => o.Services["Exchange"] = new TaskServiceOptions
            {
                Limits = { ["Calls"] = new RateLimitOptions { Permits = 1, Period = TimeSpan.FromMinutes(1) } },
            })
            .BuildServiceProvider();
        var limiter = services.GetRequiredService<PartitionedRateLimiter<string>>();
        var store = services.GetRequiredService<IWorkflowStore>();

        using var lease = limiter.AttemptAcquire("Exchange.Calls");
        using var refused = limiter.AttemptAcquire("Exchange.Calls");

        Assert.IsType<DurableRateLimiter>(limiter);
        Assert.True(lease.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.Single(await store.ListGrantsAsync("Exchange.Calls", clock.GetUtcNow(), TimeSpan.FromMinutes(1)));
    }
}

using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class SlidingWindowLimitTests
{
    [Fact]
    public void Arrive_ManyThreadsAtOnce_CountsEveryRequestExactly()
    {
        var clock = new FakeTimeProvider();
        var limit = new SlidingWindowLimit("l", 10, TimeSpan.FromSeconds(60), clock);

        Parallel.For(0, 100_000, _ => limit.Arrive());

        var stats = limit.Snapshot();
        Assert.Equal(100_000, stats.Requests);
        Assert.Equal(100_000 - 10, stats.Violations);
        Assert.Equal(100_000, stats.MaxInWindow);
    }

    [Fact]
    public void Arrive_AfterABurst_GivesTheLogBackOnceThePeriodPasses()
    {
        var clock = new FakeTimeProvider();
        var limit = new SlidingWindowLimit("l", 10, TimeSpan.FromSeconds(1), clock);
        for (var i = 0; i < 50_000; i++)
        {
            limit.Arrive();
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        var decision = limit.Arrive();

        Assert.True(decision.Permitted);
        Assert.Equal(1, limit.Snapshot().InWindow);
        Assert.Equal(50_000, limit.Snapshot().MaxInWindow);
    }
}

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

    [Fact]
    public void Slack_IsHowLongAfterTheLimitAllowedIt_EachArrivalCame_OnceTheWindowHasFilled()
    {
        var clock = new FakeTimeProvider();
        var limit = new SlidingWindowLimit("l", 2, TimeSpan.FromSeconds(1), clock);
        var start = clock.GetUtcNow();
        limit.Arrive();
        limit.Arrive();
        Assert.Null(limit.Snapshot().Slack);

        // The third arrival was allowed 1 s after the first; the fourth 1 s after the second. They come 30 ms and 1.5 s late.
        clock.Advance(TimeSpan.FromMilliseconds(1030));
        limit.Arrive();
        clock.Advance(TimeSpan.FromMilliseconds(1470));
        limit.Arrive();

        var slack = limit.Snapshot().Slack!;
        Assert.Equal(2, slack.Samples);
        Assert.Equal(30, slack.P10Ms, 3);
        Assert.Equal(1500, slack.P50Ms, 3);
        Assert.Equal(1500, slack.P90Ms, 3);
        Assert.Equal(1530, slack.TotalMs, 3);
        Assert.Equal((start, start.AddMilliseconds(2500)), (limit.Snapshot().FirstArrivalAt, limit.Snapshot().LastArrivalAt));

        // Two more at once: the fifth is 470 ms after the third's turn ended; the sixth, refused, came 1 s before its turn
        // (the fourth's, at the same instant, plus the period): a negative slack.
        Assert.True(limit.Arrive().Permitted);
        Assert.False(limit.Arrive().Permitted);
        var after = limit.Snapshot().Slack!;
        Assert.Equal((4, -1000d, 470d, 1000d), (after.Samples, after.P10Ms, after.P50Ms, after.TotalMs));
    }

    [Fact]
    public void ResetCounters_ForgetsTheArrivalTimes_SoTheNextRunTimesItsOwnFirstRequest()
    {
        var clock = new FakeTimeProvider();
        var limit = new SlidingWindowLimit("l", 2, TimeSpan.FromSeconds(1), clock);
        limit.Arrive();
        limit.ResetCounters();
        Assert.Equal((null, null), (limit.Snapshot().FirstArrivalAt, limit.Snapshot().LastArrivalAt));

        clock.Advance(TimeSpan.FromSeconds(5));
        limit.Arrive();
        Assert.Equal(clock.GetUtcNow(), limit.Snapshot().FirstArrivalAt);
    }
}

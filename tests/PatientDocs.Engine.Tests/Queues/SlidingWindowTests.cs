using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class SlidingWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Claim_WhenWindowFull_DefersUntilOldestGrantExpires()
    {
        DateTimeOffset[] grants = [T0, T0.AddSeconds(10), T0.AddSeconds(20)];

        Assert.Null(SlidingWindow.GrantTime(grants, permits: 3, Minute, TimeSpan.Zero, T0.AddSeconds(59)));
        Assert.Equal(T0.AddSeconds(60), SlidingWindow.NextPermitAt(grants, permits: 3, Minute, T0.AddSeconds(59)));
        Assert.Equal(T0.AddSeconds(60), SlidingWindow.GrantTime(grants, permits: 3, Minute, TimeSpan.Zero, T0.AddSeconds(60)));
    }

    [Fact]
    public void NextPermitAt_CountsOnlyPermitsWhoseWindowHasNotEnded()
    {
        DateTimeOffset[] grants = [T0.AddSeconds(-61), T0.AddSeconds(-30), T0];

        // The grant 61 s ago no longer counts: with a limit of 3 one permit is free now; once it is taken, the next frees
        // when the grant from 30 s ago leaves the window.
        Assert.Equal(T0, SlidingWindow.NextPermitAt(grants, permits: 3, Minute, T0));
        Assert.Equal(T0.AddSeconds(30), SlidingWindow.NextPermitAt([.. grants, T0], permits: 3, Minute, T0));
    }

    [Fact]
    public void GrantTime_WithinTheLookahead_IsTheTimeThePermitFreesUp_AndNextClaimAtALookaheadBefore()
    {
        DateTimeOffset[] countsFrom = [T0];
        var lookahead = TimeSpan.FromSeconds(2);

        Assert.Null(SlidingWindow.GrantTime(countsFrom, permits: 1, Minute, lookahead, T0.AddSeconds(57)));
        Assert.Equal(T0.AddSeconds(58), SlidingWindow.NextClaimAt(countsFrom, permits: 1, Minute, lookahead, T0.AddSeconds(57)));
        Assert.Equal(T0.AddSeconds(60), SlidingWindow.GrantTime(countsFrom, permits: 1, Minute, lookahead, T0.AddSeconds(58)));
        Assert.Null(SlidingWindow.NextClaimAt(countsFrom, permits: 1, Minute, lookahead, T0.AddSeconds(58)));
    }
}

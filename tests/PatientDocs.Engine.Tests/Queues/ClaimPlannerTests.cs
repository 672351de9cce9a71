using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class ClaimPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void Plan_WithoutALimit_TakesEveryCandidateWithNoGrant()
    {
        var plan = ClaimPlanner.Plan([Candidate("a"), Candidate("b")], [], limit: null, T0, maxTasks: 10);

        Assert.Equal([new PlannedClaim("a", null, null), new PlannedClaim("b", null, null)], plan.Claims);
        Assert.Equal(ClaimStop.NoMoreCandidates, plan.Stop);
        Assert.Null(plan.NextClaimAt);
    }

    [Fact]
    public void Plan_WhenTheWindowIsFull_TakesNothing_AndLooksAgainWhenTheOldestPermitLeavesIt()
    {
        var limit = Limit(permits: 2);

        var plan = ClaimPlanner.Plan([Candidate("a")], [T0.AddSeconds(-9), T0.AddSeconds(-3)], limit, T0, maxTasks: 10);

        Assert.Empty(plan.Claims);
        Assert.Equal(ClaimStop.Limit, plan.Stop);
        Assert.Equal(T0.AddSeconds(1), plan.NextClaimAt);
    }

    [Fact]
    public void Plan_GrantsUpToThePermitsLeft_ThenStopsAtTheLimit()
    {
        var limit = Limit(permits: 3);

        var plan = ClaimPlanner.Plan([Candidate("a"), Candidate("b"), Candidate("c")], [T0.AddSeconds(-4)], limit, T0, maxTasks: 10);

        Assert.Equal(["a", "b"], plan.Claims.Select(c => c.TaskId));
        Assert.All(plan.Claims, c => Assert.Equal(T0, c.GrantedAt));
        Assert.Equal(ClaimStop.Limit, plan.Stop);
        Assert.Equal(T0.AddSeconds(6), plan.NextClaimAt);
    }

    [Fact]
    public void Plan_APermitCountingFromExactlyAWindowAgo_NoLongerCounts()
    {
        var limit = Limit(permits: 1);

        // The window is half-open: (now - window, now]. A permit counting from its left edge has left it.
        var atEdge = ClaimPlanner.Plan([Candidate("a")], [T0.AddSeconds(-10)], limit, T0, maxTasks: 10);
        var justInside = ClaimPlanner.Plan([Candidate("a")], [T0.AddSeconds(-10).AddTicks(1)], limit, T0, maxTasks: 10);

        Assert.Equal([new PlannedClaim("a", T0, T0)], atEdge.Claims);
        Assert.Empty(justInside.Claims);
        Assert.Equal(T0.AddTicks(1), justInside.NextClaimAt);
    }

    [Fact]
    public void Plan_APermitStillHeld_CountsUntilAWindowAfterItsHoldEnds()
    {
        var limit = Limit(permits: 1);

        // Granted long ago but unreleased: it counts from the end of its hold, which is still ahead.
        var held = ClaimPlanner.Plan([Candidate("a")], [T0.AddSeconds(20)], limit, T0, maxTasks: 10);

        Assert.Empty(held.Claims);
        Assert.Equal(T0.AddSeconds(30), held.NextClaimAt);
    }

    [Fact]
    public void Plan_EachGrantIsHeldForTheLimitsHold_AndCountsFromItsEnd()
    {
        var limit = Limit(permits: 2, hold: TimeSpan.FromSeconds(30));

        var plan = ClaimPlanner.Plan([Candidate("a"), Candidate("b"), Candidate("c")], [], limit, T0, maxTasks: 10);

        Assert.Equal([new PlannedClaim("a", T0, T0.AddSeconds(30)), new PlannedClaim("b", T0, T0.AddSeconds(30))], plan.Claims);
        // Both new permits count from the end of their hold, so the next frees up a window after it.
        Assert.Equal(T0.AddSeconds(40), plan.NextClaimAt);
    }

    [Fact]
    public void Plan_WithinTheLookahead_GrantsInTheFuture_ButNotBeyondIt()
    {
        var limit = Limit(permits: 1, lookahead: TimeSpan.FromSeconds(2));

        // The permit frees up at T0 + 1 s, within the lookahead: granted then. The next would be at T0 + 11 s: too far.
        var plan = ClaimPlanner.Plan([Candidate("a"), Candidate("b")], [T0.AddSeconds(-9)], limit, T0, maxTasks: 10);

        Assert.Equal([new PlannedClaim("a", T0.AddSeconds(1), T0.AddSeconds(1))], plan.Claims);
        Assert.Equal(ClaimStop.Limit, plan.Stop);
        Assert.Equal(T0.AddSeconds(9), plan.NextClaimAt);
    }

    [Fact]
    public void Plan_BeyondTheLookahead_TakesNothing_AndLooksAgainALookaheadBeforeThePermitFrees()
    {
        var limit = Limit(permits: 1, lookahead: TimeSpan.FromSeconds(2));

        var plan = ClaimPlanner.Plan([Candidate("a")], [T0.AddSeconds(-7)], limit, T0, maxTasks: 10);

        Assert.Empty(plan.Claims);
        Assert.Equal(T0.AddSeconds(1), plan.NextClaimAt);
    }

    [Fact]
    public void Plan_StopsAtMaxTasks_WithoutTakingMorePermits_OrAskingToLookAgain()
    {
        var limit = Limit(permits: 5);

        var plan = ClaimPlanner.Plan([Candidate("a"), Candidate("b"), Candidate("c")], [], limit, T0, maxTasks: 2);

        Assert.Equal(["a", "b"], plan.Claims.Select(c => c.TaskId));
        Assert.Equal(ClaimStop.MaxTasks, plan.Stop);
        Assert.Null(plan.NextClaimAt);
    }

    [Fact]
    public void Plan_TakesHigherPriorityFirst_ThenOldest_ThenInTheOrderGiven()
    {
        ClaimCandidate[] candidates =
        [
            Candidate("old-low", priority: 0, createdAt: T0),
            Candidate("new-high", priority: 1, createdAt: T0.AddSeconds(5)),
            Candidate("newest-low", priority: 0, createdAt: T0.AddSeconds(9)),
            Candidate("tie-z", priority: 0, createdAt: T0.AddSeconds(1)),
            Candidate("tie-a", priority: 0, createdAt: T0.AddSeconds(1)),
            Candidate("old-high", priority: 1, createdAt: T0.AddSeconds(2)),
        ];

        var plan = ClaimPlanner.Plan(candidates, [], limit: null, T0.AddSeconds(10), maxTasks: 5);

        Assert.Equal(["old-high", "new-high", "old-low", "tie-z", "tie-a"], plan.Claims.Select(c => c.TaskId));
    }

    [Fact]
    public void Plan_UnderALimit_GivesThePermitsToTheHigherPriority()
    {
        var limit = Limit(permits: 1);

        var plan = ClaimPlanner.Plan([Candidate("search", priority: 0), Candidate("download", priority: 10)], [], limit, T0, maxTasks: 10);

        Assert.Equal(["download"], plan.Claims.Select(c => c.TaskId));
    }

    [Fact]
    public void Plan_StopsAtTheFirstTaskOverTheBudget_RatherThanLetALighterOneOvertake()
    {
        ClaimCandidate[] candidates = [Candidate("a", weight: 600, createdAt: T0), Candidate("b", weight: 401, createdAt: T0.AddSeconds(1)), Candidate("tiny", weight: 1, createdAt: T0.AddSeconds(2))];

        var plan = ClaimPlanner.Plan(candidates, [], limit: null, T0.AddSeconds(3), maxTasks: 10, weightAvailable: 1000);

        Assert.Equal(["a"], plan.Claims.Select(c => c.TaskId));
        Assert.Equal(ClaimStop.Weight, plan.Stop);
        Assert.Null(plan.NextClaimAt);
    }

    [Fact]
    public void Plan_TakesTasksWhoseWeightsSumToExactlyTheBudget()
    {
        ClaimCandidate[] candidates = [Candidate("a", weight: 600, createdAt: T0), Candidate("b", weight: 400, createdAt: T0.AddSeconds(1))];

        var plan = ClaimPlanner.Plan(candidates, [], limit: null, T0.AddSeconds(3), maxTasks: 10, weightAvailable: 1000);

        Assert.Equal(["a", "b"], plan.Claims.Select(c => c.TaskId));
        Assert.Equal(ClaimStop.NoMoreCandidates, plan.Stop);
    }

    [Fact]
    public void Plan_WhenTheWindowIsFullAndTheHeadDoesNotFitTheBudget_StopsAtTheLimit_AndSaysWhenToLookAgain()
    {
        var limit = Limit(permits: 1);

        var plan = ClaimPlanner.Plan([Candidate("heavy", weight: 50)], [T0.AddSeconds(-5)], limit, T0, maxTasks: 10, weightAvailable: 20);

        Assert.Empty(plan.Claims);
        Assert.Equal(ClaimStop.Limit, plan.Stop);
        Assert.Equal(T0.AddSeconds(5), plan.NextClaimAt);
    }

    [Fact]
    public void CanGrant_IsTrueWithoutALimit_OrWithAPermitWithinTheLookahead()
    {
        var limit = Limit(permits: 1, lookahead: TimeSpan.FromSeconds(2));

        Assert.True(ClaimPlanner.CanGrant([T0], limit: null, T0));
        Assert.True(ClaimPlanner.CanGrant([T0.AddSeconds(-8)], limit, T0));
        Assert.False(ClaimPlanner.CanGrant([T0.AddSeconds(-7)], limit, T0));
    }

    [Fact]
    public void PlanPermits_TakesAllOrNone_AndLooksAgainWhenAllFit()
    {
        var limit = Limit(permits: 3, hold: TimeSpan.FromSeconds(30));

        // One of three counts (until T0 + 1 s): two fit now, three only once it has left the window.
        var two = ClaimPlanner.PlanPermits(2, [T0.AddSeconds(-9)], limit, T0);
        var three = ClaimPlanner.PlanPermits(3, [T0.AddSeconds(-9)], limit, T0);

        Assert.Equal(new PermitPlan(T0, T0.AddSeconds(30), null), two);
        Assert.Equal(new PermitPlan(null, null, T0.AddSeconds(1)), three);
    }

    [Fact]
    public void PlanPermits_WithinTheLookahead_GrantsAllAtTheTimeTheLastFits()
    {
        var limit = Limit(permits: 2, lookahead: TimeSpan.FromSeconds(2));

        var plan = ClaimPlanner.PlanPermits(2, [T0.AddSeconds(-9)], limit, T0);

        Assert.Equal(new PermitPlan(T0.AddSeconds(1), T0.AddSeconds(1), null), plan);
    }

    [Fact]
    public void PlanPermits_MoreThanTheLimitHas_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClaimPlanner.PlanPermits(3, [], Limit(permits: 2), T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClaimPlanner.PlanPermits(0, [], Limit(permits: 2), T0));
    }

    private static RateLimitSpec Limit(int permits, TimeSpan hold = default, TimeSpan lookahead = default) =>
        new("service", permits, Window, hold, lookahead);

    private static ClaimCandidate Candidate(string id, int priority = 0, DateTimeOffset? createdAt = null, long weight = 0) =>
        new(id, priority, createdAt ?? T0, weight);
}

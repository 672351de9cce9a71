using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class WeightedClaimPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Fact]
    public void NextPermitAt_WithEveryWeightOne_IsTheUnweightedRule()
    {
        var times = new[] { T0.AddSeconds(-50), T0.AddSeconds(-20), T0.AddSeconds(-5) };

        for (var permits = 1; permits <= 4; permits++)
        {
            var weighted = WeightedWindow.NextPermitAt(times.Select(t => new WeightedPermit(t, 1)), permits, 1, Window, T0);

            Assert.Equal(SlidingWindow.NextPermitAt(times, permits, Window, T0), weighted);
        }
    }

    [Fact]
    public void NextPermitAt_WaitsUntilEnoughUnitsHaveLeftTheWindow()
    {
        // 1000 units per window; 700 counting: 300 from 50 s ago, 400 from 10 s ago.
        var counting = new[] { new WeightedPermit(T0.AddSeconds(-50), 300), new WeightedPermit(T0.AddSeconds(-10), 400) };

        Assert.Equal(T0, WeightedWindow.NextPermitAt(counting, 1000, 300, Window, T0));
        Assert.Equal(T0.AddSeconds(10), WeightedWindow.NextPermitAt(counting, 1000, 301, Window, T0));
        Assert.Equal(T0.AddSeconds(50), WeightedWindow.NextPermitAt(counting, 1000, 700, Window, T0));
        Assert.Equal(T0.AddSeconds(50), WeightedWindow.NextPermitAt(counting, 1000, 1000, Window, T0));
    }

    [Fact]
    public void NextPermitAt_ARequestHeavierThanTheWholeWindow_NeverFits()
    {
        Assert.Null(WeightedWindow.NextPermitAt([], 1000, 1001, Window, T0));
        Assert.Null(WeightedWindow.GrantTime([], 1000, 1001, Window, TimeSpan.FromHours(1), T0));
    }

    [Fact]
    public void Plan_ChargesEachEstimate_AndStopsAtTheFirstThatDoesNotFit()
    {
        var units = Units(capacity: 1000, new WeightedPermit(T0.AddSeconds(-30), 200));

        var plan = ClaimPlanner.Plan([Candidate("a", 500), Candidate("b", 300), Candidate("c", 100)], [], limit: null, T0, maxTasks: 10, units: units);

        Assert.Equal(["a", "b"], plan.Claims.Select(c => c.TaskId));
        Assert.All(plan.Claims, c => Assert.Equal((T0, T0 + Hold), (c.GrantedAt, c.UnitsHeldUntil)));
        Assert.Equal(ClaimStop.Limit, plan.Stop);
        // c's 100 units fit once the 200 counting since 30 s ago leave the window (30 s), a lookahead early.
        Assert.Equal(T0.AddSeconds(30) - Lookahead, plan.NextClaimAt);
    }

    [Fact]
    public void Plan_WithBothLimits_GrantsOnlyWhereBothHaveRoom()
    {
        var requests = new RateLimitSpec("svc.Requests", 2, Window, Hold, Lookahead);
        var units = Units(capacity: 1000);

        var plan = ClaimPlanner.Plan([Candidate("a", 100), Candidate("b", 100), Candidate("c", 100)], [T0.AddSeconds(-40)], requests, T0, maxTasks: 10, units: units);

        // Units allow all three; the request limit has one permit left.
        Assert.Equal(["a"], plan.Claims.Select(c => c.TaskId));
        Assert.Equal(T0 + Hold, plan.Claims[0].HeldUntil);
        Assert.Equal(ClaimStop.Limit, plan.Stop);
        Assert.Equal(T0.AddSeconds(20) - Lookahead, plan.NextClaimAt);
    }

    [Fact]
    public void Plan_WhenTheUnitsFreeUpWithinTheLookahead_GrantsAtThatLaterTimeInBothLimits()
    {
        var requests = new RateLimitSpec("svc.Requests", 10, Window, Hold, Lookahead);
        var units = Units(capacity: 1000, new WeightedPermit(T0.AddSeconds(-60).AddMilliseconds(50), 1000));

        var plan = ClaimPlanner.Plan([Candidate("a", 10)], [], requests, T0, maxTasks: 10, units: units);

        var claim = Assert.Single(plan.Claims);
        Assert.Equal(T0.AddMilliseconds(50), claim.GrantedAt);
        Assert.Equal((T0.AddMilliseconds(50) + Hold, T0.AddMilliseconds(50) + Hold), (claim.HeldUntil, claim.UnitsHeldUntil));
    }

    [Fact]
    public void Plan_ATaskHeavierThanTheWholeWindow_IsTakenAsOversizedWithoutAGrant_AndDoesNotBlockTheQueue()
    {
        var units = Units(capacity: 1000);

        var plan = ClaimPlanner.Plan([Candidate("huge", 5000), Candidate("b", 400)], [], limit: null, T0, maxTasks: 10, units: units);

        Assert.Equal([new PlannedClaim("huge", null, null) { Oversized = true }, new PlannedClaim("b", T0, T0 + Hold) { UnitsHeldUntil = T0 + Hold }], plan.Claims);
        Assert.Equal(ClaimStop.NoMoreCandidates, plan.Stop);
    }

    [Fact]
    public void Plan_WithoutAUnitLimit_IgnoresTheEstimates()
    {
        var requests = new RateLimitSpec("svc.Requests", 2, Window, Hold, Lookahead);

        var plan = ClaimPlanner.Plan([Candidate("a", 1_000_000), Candidate("b", 1_000_000)], [], requests, T0, maxTasks: 10);

        Assert.Equal([new PlannedClaim("a", T0, T0 + Hold), new PlannedClaim("b", T0, T0 + Hold)], plan.Claims);
    }

    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Lookahead = TimeSpan.FromMilliseconds(100);

    private static UnitWindow Units(long capacity, params WeightedPermit[] counting) =>
        new(new RateLimitSpec("svc.Tokens", checked((int)capacity), Window, Hold, Lookahead), counting);

    private static ClaimCandidate Candidate(string id, long units) => new(id, 0, T0, 0, units);
}

using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Testing;

/// <summary>A queue's second limit counted in units (tokens per minute): estimates charged at the claim, usage at completion.</summary>
public abstract partial class WorkflowStoreContractTests
{
    private static readonly RateLimitSpec Requests = new("Llm.Requests", 10, TimeSpan.FromSeconds(60), Hold: TimeSpan.FromSeconds(5));
    private static readonly RateLimitSpec Tokens = new("Llm.Tokens", 1000, TimeSpan.FromSeconds(60), Hold: TimeSpan.FromSeconds(5));

    [StoreFact]
    public async Task Claim_WithAUnitLimit_ChargesEachEstimate_AndStopsWhereTheNextDoesNotFit()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "llm", T0) with { Units = 600 }, Task("t1", "llm", T0.AddMilliseconds(1)) with { Units = 300 }, Task("t2", "llm", T0.AddMilliseconds(2)) with { Units = 200 }]);
        var start = T0.AddSeconds(1);

        var claim = await Store.ClaimTasksAsync(Weighted(start, 10));

        Assert.Equal(["t0", "t1"], claim.Tasks.Select(t => t.Id));
        Assert.Equal([600L, 300L], claim.Tasks.Select(t => t.Units));
        // t2's 200 fit once t0's 600 leave the window: a minute after the end of its 5 s hold.
        Assert.Equal(start.AddSeconds(65), claim.NextPermitAt);
        Assert.Equal([600L, 300L], (await Store.ListPermitGrantsAsync(Tokens.Name, start, Tokens.Window)).Select(g => g.Units));
        Assert.Equal(2, (await Store.ListGrantsAsync(Requests.Name, start, Requests.Window)).Count);
    }

    [StoreFact]
    public async Task Complete_CorrectsTheGrantToTheReportedUsage_SoTheWindowHasRoomForWhatWasNotUsed()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "llm", T0) with { Units = 900 }, Task("t1", "llm", T0.AddMilliseconds(1)) with { Units = 500 }]);
        var start = T0.AddSeconds(1);

        var first = await Store.ClaimTasksAsync(Weighted(start, 10));
        Assert.True(await Store.CompleteTaskAsync(Used("t0", start.AddSeconds(2), Tokens.Name, 350)));
        var second = await Store.ClaimTasksAsync(Weighted(start.AddSeconds(3), 10));

        Assert.Equal(["t0"], first.Tasks.Select(t => t.Id));
        Assert.Equal(["t1"], second.Tasks.Select(t => t.Id));
        var grants = await Store.ListPermitGrantsAsync(Tokens.Name, start.AddSeconds(3), Tokens.Window);
        Assert.Equal([("t0", 350L, (DateTimeOffset?)start.AddSeconds(2)), ("t1", 500L, null)], grants.Select(g => (g.Holder, g.Units, g.ReleasedAt)));
    }

    [StoreFact]
    public async Task Complete_WithoutAReportedUsage_KeepsTheEstimateCharged()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "llm", T0) with { Units = 900 }, Task("t1", "llm", T0.AddMilliseconds(1)) with { Units = 500 }]);
        var start = T0.AddSeconds(1);

        await Store.ClaimTasksAsync(Weighted(start, 10));
        Assert.True(await Store.CompleteTaskAsync(Used("t0", start.AddSeconds(2), Tokens.Name, null)));
        var second = await Store.ClaimTasksAsync(Weighted(start.AddSeconds(3), 10));

        Assert.Empty(second.Tasks);
        Assert.Equal(start.AddSeconds(62), second.NextPermitAt);
    }

    [StoreFact]
    public async Task Complete_WithUsageAboveTheEstimate_ChargesIt_AndTheNextGrantWaitsUntilTheSumIsBackUnderTheLimit()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "llm", T0) with { Units = 400 }, Task("t1", "llm", T0.AddMilliseconds(1)) with { Units = 400 }]);
        var start = T0.AddSeconds(1);

        await Store.ClaimTasksAsync(Weighted(start, 1));
        Assert.True(await Store.CompleteTaskAsync(Used("t0", start.AddSeconds(2), Tokens.Name, 700)));
        var second = await Store.ClaimTasksAsync(Weighted(start.AddSeconds(3), 10));

        // 700 + 400 > 1000: t1 waits for t0's window to end, though its estimate alone would have fitted.
        Assert.Empty(second.Tasks);
        Assert.Equal(start.AddSeconds(62), second.NextPermitAt);
    }

    [StoreFact]
    public async Task Claim_ATaskHeavierThanTheWholeUnitLimit_IsClaimedWithoutAnyGrant()
    {
        await SeedTasksAsync("i-tasks", [Task("huge", "llm", T0) with { Units = 5000 }, Task("t1", "llm", T0.AddMilliseconds(1)) with { Units = 100 }]);
        var start = T0.AddSeconds(1);

        var claim = await Store.ClaimTasksAsync(Weighted(start, 10));

        Assert.Equal([("huge", (DateTimeOffset?)null), ("t1", start)], claim.Tasks.Select(t => (t.Id, t.PermitGrantedAt)));
        Assert.Equal(["t1"], (await Store.ListPermitGrantsAsync(Tokens.Name, start, Tokens.Window)).Select(g => g.Holder));
        Assert.Equal(["t1"], (await Store.ListPermitGrantsAsync(Requests.Name, start, Requests.Window)).Select(g => g.Holder));
    }

    [StoreFact]
    public async Task Claim_WithoutAUnitLimit_ChargesEveryGrantOne_WhateverTheTasksUnits()
    {
        await SeedTasksAsync("i-tasks", [Task("t0", "llm", T0) with { Units = 5000 }]);

        var claim = await Store.ClaimTasksAsync(Claim(T0.AddSeconds(1), "node-a", 10, "llm") with { Limit = Requests });

        Assert.Single(claim.Tasks);
        Assert.Equal([1L], (await Store.ListPermitGrantsAsync(Requests.Name, T0.AddSeconds(1), Requests.Window)).Select(g => g.Units));
    }

    private static ClaimRequest Weighted(DateTimeOffset now, int maxTasks) =>
        Claim(now, "node-a", maxTasks, "llm") with { Limit = Requests, UnitLimit = Tokens };

    private static TaskCompletion Used(string taskId, DateTimeOffset at, string unitLimit, long? used) => new()
    {
        TaskId = taskId,
        Owner = "node-a",
        Resolution = TaskResolution.Completed,
        Now = at,
        PermitReleasedAt = at,
        UnitLimit = unitLimit,
        UnitsUsed = used,
    };
}

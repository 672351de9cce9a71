using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;
using static PatientDocs.Testing.StoreSamples;

namespace PatientDocs.Engine.Tests.Progress;

public sealed class ProgressFeedTests : IAsyncLifetime, IDisposable
{
    private readonly InMemoryWorkflowStore _store = new();
    private readonly WorkSignal _signal = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly ProgressFeed _feed;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    public ProgressFeedTests() => _feed = new ProgressFeed(_store, _signal, _time, Options.Create(new ProgressOptions()));

    public async Task InitializeAsync()
    {
        await _store.CreateInstancesAsync(
            [Instance("i1", T0, definitionId: "orders"), Instance("i2", T0, definitionId: "refunds")],
            [WorkItem("w1", "i1", T0), WorkItem("w2", "i2", T0)]);
        await _feed.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _feed.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _feed.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Subscriptions_GetTheEventsCommittedAfterThemOnly_AllInstancesInOrderOfTheirDefinition_InstanceOnesOfTheirInstance()
    {
        await CommitAsync("i1", Record("old", "i1", "Started", null));
        using var orders = await _feed.SubscribeAsync(null, "orders", _timeout.Token);
        using var refunds = await _feed.SubscribeAsync("i2", null, _timeout.Token);

        await CommitAsync("i2", Record("r1", "i2", "Started", null));
        await CommitAsync("i1", Record("a", "i1", "Started", "e1"), Record("b", "i1", "Suspended", "e1"), Record("c", "i1", "Completed", "e1"));
        _signal.NotifyJournal();
        var first = await orders.Events.ReadAsync(_timeout.Token);
        var second = await orders.Events.ReadAsync(_timeout.Token);
        var ofI2 = await refunds.Events.ReadAsync(_timeout.Token);

        Assert.Equal(("activity-started", "activity-completed"), (first.Type, second.Type));
        Assert.True(first.Position < second.Position && first.Position > orders.StartPosition);
        Assert.Equal(("workflow-started", "i2"), (ofI2.Type, ofI2.InstanceId));
        Assert.False(orders.Events.TryRead(out _));
        Assert.Equal(2, _feed.SubscriptionCount);
    }

    [Fact]
    public async Task Dispose_OfTheLastSubscription_LeavesTheFeedIdle_AndANewOneStartsAtTheHead()
    {
        var first = await _feed.SubscribeAsync(null, null, _timeout.Token);
        first.Dispose();
        await CommitAsync("i1", Record("a", "i1", "Started", null));

        using var second = await _feed.SubscribeAsync(null, null, _timeout.Token);

        Assert.Equal(0, first.StartPosition);
        Assert.Equal(await _store.GetJournalHeadAsync(), second.StartPosition);
        Assert.Equal(1, _feed.SubscriptionCount);
    }

    private static JournalRecord Record(string id, string instanceId, string eventName, string? executionId) => new()
    {
        Id = id,
        InstanceId = instanceId,
        ActivityInstanceId = executionId,
        ActivityId = executionId is null ? "flow1" : "fetch",
        ActivityType = "t",
        NodeId = "n",
        Timestamp = T0,
        EventName = eventName,
    };

    private async Task CommitAsync(string instanceId, params JournalRecord[] journal)
    {
        var leased = await _store.LeaseInstanceAsync(instanceId, "node-a", T0, TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException(instanceId);
        await _store.CommitBurstAsync(new BurstCommit { Instance = leased.Instance, LeaseOwner = "node-a", Journal = journal });
    }
}

using System.Reflection;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime.Eta;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Eta;

public sealed class EtaSessionTests
{
    private static readonly DateTimeOffset T0 = StoreSamples.T0;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryWorkflowStore _memory = new();
    private readonly CountingStore _counts;
    private readonly InstanceEtaEstimator _estimator;

    public EtaSessionTests()
    {
        _counts = CountingStore.Wrap(_memory);
        var catalog = new TaskQueueCatalog(new TaskServicesOptions
        {
            Services =
            {
                ["Docs"] = new TaskServiceOptions
                {
                    Limits = { ["Calls"] = new RateLimitOptions { Permits = 10, Period = TimeSpan.FromMinutes(1), Guard = TimeSpan.Zero, Drift = 0 } },
                    Queues = { ["search"] = new QueueOptions { Limit = "Calls" }, ["download"] = new QueueOptions { Limit = "Calls" } },
                },
            },
        });
        _estimator = new InstanceEtaEstimator((IWorkflowStore)_counts, catalog, _time);
    }

    [Fact]
    public async Task Estimate_OfAnUnknownInstance_IsNull()
    {
        Assert.Null(await _estimator.EstimateAsync("missing"));
    }

    [Fact]
    public async Task Estimate_OfThe25thInATenPerMinuteQueue_IsAtLeastTwoMinutes_AndSaysSo()
    {
        for (var i = 1; i <= 25; i++)
        {
            await WaitOnSearchAsync($"p{i:00}", T0.AddSeconds(-100 + i));
        }

        var eta = (await _estimator.EstimateAsync("p25"))!;

        Assert.Equal(T0.AddMinutes(2), eta.LowerBound);
        Assert.Equal(T0.AddMinutes(2), eta.EtaAt);
        Assert.Equal(EtaBasis.QueueLimits, eta.Basis);
        Assert.Equal("Waiting", eta.Status);
        Assert.Equal(new EtaStep("search", "search", "Docs.Calls", "10/min", 25, false, T0.AddMinutes(2), T0.AddMinutes(2)), Assert.Single(eta.Steps));
        Assert.Equal("search is 25th in the search queue (10/min): at least 2 min (no finished instance yet to measure the rest of the path).", eta.Summary);
    }

    [Fact]
    public async Task Estimate_WithFinishedInstances_AddsTheRestOfThePathAsTheyTookIt()
    {
        await FinishedAsync("done", searchCompletedAt: T0.AddSeconds(-300), finishedAt: T0.AddSeconds(-200), downloads: 1);
        await WaitOnSearchAsync("waiting", T0);

        var eta = (await _estimator.EstimateAsync("waiting"))!;

        Assert.Equal(EtaBasis.QueueLimitsAndHistory, eta.Basis);
        Assert.Equal(T0, eta.LowerBound);
        // Starts now, runs the 1 s its search took, then the 100 s from that search to the finish.
        Assert.Equal(T0.AddSeconds(101), eta.EtaAt);
        Assert.Equal(1, eta.HistorySamples);
    }

    [Fact]
    public async Task Estimate_CountsTheTasksThatOutrankItAsHistorySaysTheyJoin()
    {
        // In history each search brought one download, which outranks searches: twice the permits per search ahead.
        await FinishedAsync("done", searchCompletedAt: T0.AddSeconds(-300), finishedAt: T0.AddSeconds(-200), downloads: 1);
        for (var i = 1; i <= 15; i++)
        {
            await WaitOnSearchAsync($"p{i:00}", T0.AddSeconds(-100 + i));
        }

        var eta = (await _estimator.EstimateAsync("p15"))!;

        Assert.Equal(T0.AddMinutes(1), eta.LowerBound);
        Assert.Equal(T0.AddMinutes(2).AddSeconds(101), eta.EtaAt);
    }

    [Fact]
    public async Task Estimate_CountsAStepStillAhead_AfterEveryTaskNowWaitingInItsQueue()
    {
        var definition = StoreSamples.Definition("def", 1, isLatest: true, isPublished: true);
        definition.Json["root"] = PathAheadTests.Flow(("create", "search"), ("search", "done"));
        await _memory.SaveDefinitionVersionsAsync([definition]);
        for (var i = 1; i <= 25; i++)
        {
            await WaitOnSearchAsync($"p{i:00}", T0.AddSeconds(-100 + i));
        }

        var create = StoreSamples.Task("me-create", "tracker", T0, instanceId: "me") with { ActivityId = "create" };
        await SuspendWithAsync("me", T0, [create]);

        var eta = (await _estimator.EstimateAsync("me"))!;

        Assert.Equal(T0.AddMinutes(2), eta.LowerBound);
        Assert.Equal(EtaBasis.QueueLimits, eta.Basis);
        Assert.Contains(eta.Steps, s => s is { ActivityId: "search", Upcoming: true, Position: 26 });
        Assert.Equal("search is still ahead: 25 tasks wait before it in the search queue (10/min): at least 2 min (no finished instance yet to measure the rest of the path).", eta.Summary);
    }

    [Fact]
    public async Task Estimate_OfAFinishedInstance_IsItsFinishTime()
    {
        await FinishedAsync("done", searchCompletedAt: T0.AddSeconds(-300), finishedAt: T0.AddSeconds(-200), downloads: 0);

        var eta = (await _estimator.EstimateAsync("done"))!;

        Assert.Equal(EtaBasis.Finished, eta.Basis);
        Assert.Equal(T0.AddSeconds(-200), eta.EtaAt);
        Assert.Equal("Finished", eta.Status);
    }

    [Fact]
    public async Task Session_ReadsEachQueueGroupOnce_HoweverManyInstancesItEstimates()
    {
        for (var i = 1; i <= 30; i++)
        {
            await WaitOnSearchAsync($"p{i:00}", T0.AddSeconds(-100 + i));
        }

        var session = _estimator.OpenSession();
        var positions = new List<int>();
        for (var i = 1; i <= 30; i++)
        {
            positions.Add((await session.EstimateAsync($"p{i:00}"))!.Steps.Single().Position);
        }

        Assert.Equal(Enumerable.Range(1, 30), positions);
        Assert.Equal(1, _counts.Calls(nameof(IWorkflowStore.ListQueuedTasksAsync)));
        Assert.Equal(1, _counts.Calls(nameof(IWorkflowStore.ListGrantsAsync)));
    }

    private async Task WaitOnSearchAsync(string instanceId, DateTimeOffset createdAt)
    {
        var task = StoreSamples.Task($"{instanceId}-search", "search", createdAt, instanceId: instanceId) with { ActivityId = "search" };
        await SuspendWithAsync(instanceId, createdAt, [task]);
    }

    private async Task FinishedAsync(string instanceId, DateTimeOffset searchCompletedAt, DateTimeOffset finishedAt, int downloads)
    {
        var tasks = new List<TaskRecord>
        {
            StoreSamples.Task($"{instanceId}-search", "search", searchCompletedAt.AddSeconds(-5), instanceId: instanceId) with
            {
                ActivityId = "search",
                State = TaskState.Completed,
                PermitGrantedAt = searchCompletedAt.AddSeconds(-1),
                CompletedAt = searchCompletedAt,
            },
        };
        tasks.AddRange(Enumerable.Range(0, downloads).Select(d => StoreSamples.Task($"{instanceId}-download-{d}", "download", searchCompletedAt, priority: 1, instanceId: instanceId) with
        {
            ActivityId = "download",
            State = TaskState.Completed,
            PermitGrantedAt = searchCompletedAt.AddSeconds(10),
            CompletedAt = searchCompletedAt.AddSeconds(20),
        }));
        await SuspendWithAsync(instanceId, searchCompletedAt.AddSeconds(-10), tasks, finishedAt);
    }

    private async Task SuspendWithAsync(string instanceId, DateTimeOffset createdAt, IReadOnlyList<TaskRecord> tasks, DateTimeOffset? finishedAt = null)
    {
        await _memory.CreateInstancesAsync([StoreSamples.Instance(instanceId, createdAt)], [StoreSamples.WorkItem($"w-{instanceId}", instanceId, createdAt)]);
        var leased = await _memory.LeaseInstanceAsync(instanceId, "seeder", createdAt > T0 ? createdAt : T0, TimeSpan.FromSeconds(30));
        await _memory.CommitBurstAsync(new BurstCommit
        {
            Instance = finishedAt is { } at
                ? leased!.Instance with { Status = WorkflowStatus.Finished, SubStatus = WorkflowSubStatus.Finished, FinishedAt = at }
                : leased!.Instance with { SubStatus = WorkflowSubStatus.Suspended },
            LeaseOwner = "seeder",
            ConsumedWorkItemIds = leased.WorkItems.Select(w => w.Id).ToList(),
            NewTasks = tasks,
        });
    }

    /// <summary>The store with a count of calls per method, to show what a session reads.</summary>
    public class CountingStore : DispatchProxy
    {
        private readonly Dictionary<string, int> _calls = [];
        private object _inner = null!;

        public static CountingStore Wrap(IWorkflowStore inner)
        {
            var proxy = (CountingStore)(object)Create<IWorkflowStore, CountingStore>();
            proxy._inner = inner;
            return proxy;
        }

        public int Calls(string method) => _calls.GetValueOrDefault(method);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            _calls[targetMethod!.Name] = Calls(targetMethod.Name) + 1;
            return targetMethod.Invoke(_inner, args);
        }
    }
}

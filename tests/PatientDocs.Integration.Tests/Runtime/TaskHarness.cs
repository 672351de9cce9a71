using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Integration.Tests.Activities;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>A store, a manual clock and task workers, with tasks enqueued the way a burst commits them.</summary>
public sealed class TaskHarness
{
    public const string InstanceId = "instance-1";
    private int _next;

    private TaskHarness(IWorkflowStore store, TaskServicesOptions services)
    {
        Store = store;
        Services = services;
        Runtime = new RuntimeOptions { NodeId = "node-a", LeaseDuration = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(10) };
        Catalog = new TaskQueueCatalog(services, Runtime.TimeScale, Runtime.DefaultQueueSlots);
        Registry = new ActivityRegistry().Register<ProbeTask>().Register<FanOutProbeTask>();
        Capacity = new NodeCapacity(Catalog);
        Worker = CreateWorker("node-a", capacity: Capacity);
    }

    public FakeTimeProvider Clock { get; } = new();

    public IWorkflowStore Store { get; }

    public TaskProbe Probe { get; } = new();

    public TaskServicesOptions Services { get; }

    public RuntimeOptions Runtime { get; }

    public TaskQueueCatalog Catalog { get; }

    public ActivityRegistry Registry { get; }

    public TaskWorker Worker { get; }

    /// <summary>The slots and budget of <see cref="Worker"/>'s node.</summary>
    public NodeCapacity Capacity { get; }

    public List<ActivityEvent> Events { get; } = [];

    /// <summary>Errors the workers logged: a task attempt whose resolution could not be committed.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>A harness on <paramref name="store"/> (empty) with the instance its tasks belong to.</summary>
    public static async Task<TaskHarness> CreateAsync(IWorkflowStore store, TaskServicesOptions services)
    {
        var harness = new TaskHarness(store, services);
        var now = harness.Clock.GetUtcNow();
        await store.CreateInstancesAsync(
            [new InstanceRecord { Id = InstanceId, DefinitionId = "d", DefinitionVersionId = "d:1", Version = 1, CreatedAt = now, UpdatedAt = now, State = "{}" }],
            []);
        return harness;
    }

    public TaskWorker CreateWorker(string nodeId, IWorkflowStore? store = null, NodeCapacity? capacity = null)
    {
        var options = new RuntimeOptions
        {
            NodeId = nodeId,
            LeaseDuration = Runtime.LeaseDuration,
            HeartbeatInterval = Runtime.HeartbeatInterval,
            TimeScale = Runtime.TimeScale,
        };
        return new TaskWorker(
            store ?? Store,
            Catalog,
            capacity ?? new NodeCapacity(Catalog),
            Registry,
            new TestServices().Add(Probe),
            [new RecordingObserver(Events)],
            [new ProbeItemHandler()],
            new WorkSignal(),
            Clock,
            Options.Create(options),
            new ErrorLogger<TaskWorker>(Errors))
        {
            Random = () => 0.5,
        };
    }

    public async Task<TaskRecord> EnqueueAsync(string queue, int priority = 0, string? text = null, string handler = "Test.Probe", long weight = 0, JsonObject? input = null)
    {
        var now = Clock.GetUtcNow();
        var n = ++_next;
        var task = new TaskRecord
        {
            Id = $"task-{n}",
            Queue = queue,
            Handler = handler,
            InstanceId = InstanceId,
            ActivityId = $"activity-{n}",
            IdempotencyKey = $"{InstanceId}:activity-{n}",
            BookmarkId = $"bookmark-{n}",
            Priority = priority,
            Weight = weight,
            NotBefore = now,
            Deadline = now + Catalog.RetryPolicyFor(queue).Deadline,
            Input = (input ?? new JsonObject { ["text"] = text ?? $"t{n}" }).ToJsonString(),
            CreatedAt = now,
        };
        var leased = await Store.LeaseInstanceAsync(InstanceId, "burst", now, TimeSpan.FromSeconds(30));
        await Store.CommitBurstAsync(new BurstCommit { Instance = leased!.Instance, LeaseOwner = "burst", NewTasks = [task] });
        return task;
    }

    /// <summary>One worker pass, waiting for the attempts it started; returns when the worker wants to look again.</summary>
    public async Task<DateTimeOffset?> PumpAsync(TaskWorker? worker = null)
    {
        worker ??= Worker;
        await worker.RunOnceAsync();
        await worker.WhenIdleAsync();
        // Completions wake the real worker for another pass; the permits they released decide when the next one frees up.
        var next = await worker.RunOnceAsync();
        await worker.WhenIdleAsync();
        ThrowIfAWorkerFailed();
        return next;
    }

    /// <summary>One claim pass and the tasks it started, without the pass their completions would trigger.</summary>
    public async Task SinglePassAsync()
    {
        await Worker.RunOnceAsync();
        await Worker.WhenIdleAsync();
        ThrowIfAWorkerFailed();
    }

    /// <summary>Left alone, a task whose resolution failed would wait for a lease expiry that the manual clock never reaches.</summary>
    private void ThrowIfAWorkerFailed()
    {
        lock (Errors)
        {
            if (Errors.Count > 0)
            {
                throw new InvalidOperationException("A task worker failed: " + string.Join(Environment.NewLine, Errors));
            }
        }
    }

    /// <summary>Pumps and jumps the clock to each wake-up until no task is pending or running.</summary>
    public async Task RunUntilDoneAsync(int maxPasses = 100_000)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            var next = await PumpAsync();
            // No queue listed means no task pending or running (cheaper than reading thousands of rows every pass).
            if ((await Store.SummarizeQueuesAsync("harness", Clock.GetUtcNow())).Count == 0)
            {
                return;
            }

            var wake = next ?? Clock.GetUtcNow() + TimeSpan.FromSeconds(1);
            if (wake > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(wake);
            }
        }

        throw new InvalidOperationException("Tasks did not finish.");
    }

    /// <summary>The instance's runnable work items (leases and releases the instance).</summary>
    public async Task<IReadOnlyList<WorkItemRecord>> WorkItemsAsync()
    {
        var leased = await Store.LeaseInstanceAsync(InstanceId, "reader", Clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        await Store.CommitBurstAsync(new BurstCommit { Instance = leased!.Instance, LeaseOwner = "reader" });
        return leased.WorkItems;
    }

    private sealed class RecordingObserver(List<ActivityEvent> events) : IActivityObserver
    {
        public ValueTask OnActivityEventAsync(ActivityEvent activityEvent, CancellationToken cancellationToken)
        {
            lock (events)
            {
                events.Add(activityEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}

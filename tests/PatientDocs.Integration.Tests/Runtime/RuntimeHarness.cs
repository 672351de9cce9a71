using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Integration.Tests.Activities;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>The whole runtime on a store and a manual clock; <see cref="DriveAsync"/> stands in for the hosted loops.</summary>
internal sealed class RuntimeHarness
{
    /// <param name="resumeInCompletion">On here, so every runtime test on PostgreSQL runs resumed bursts in completions.</param>
    public RuntimeHarness(IWorkflowStore store, TaskServicesOptions? services = null, bool resumeInCompletion = true)
    {
        Store = store;
        var options = Options.Create(new RuntimeOptions { NodeId = "node-a", BulkStartBatchSize = 500, ResumeInCompletion = resumeInCompletion });
        Registry = new ActivityRegistry().Register<ProbeTask>().Register<FanOutProbeTask>();
        Catalog = new TaskQueueCatalog(services ?? new TaskServicesOptions(), options.Value.TimeScale, options.Value.DefaultQueueSlots);
        var interpreter = new WorkflowInterpreter(Registry, Clock, new WorkflowEngineOptions { WriteLine = (id, text) => { lock (Lines) { Lines.Add((id, text)); } } });
        var observers = new IActivityObserver[] { new RecordingObserver(Events) };
        InstanceWorker = new InstanceWorker(Store, interpreter, Registry, Catalog, observers, Signal, Clock, options, new ErrorLogger<InstanceWorker>(Errors));
        TaskWorker = new TaskWorker(Store, Catalog, new NodeCapacity(Catalog), Registry, new TestServices().Add(Probe), observers, [new ProbeItemHandler()], Signal, Clock, options, new ErrorLogger<TaskWorker>(Errors), instances: InstanceWorker) { Random = () => 0.5 };
        Runtime = new WorkflowRuntime(Store, InstanceWorker, Signal, Clock, options);
    }

    public FakeTimeProvider Clock { get; } = new();

    public IWorkflowStore Store { get; }

    public TaskProbe Probe { get; } = new();

    public WorkSignal Signal { get; } = new();

    public ActivityRegistry Registry { get; }

    public TaskQueueCatalog Catalog { get; }

    public InstanceWorker InstanceWorker { get; }

    public TaskWorker TaskWorker { get; }

    public WorkflowRuntime Runtime { get; }

    public List<ActivityEvent> Events { get; } = [];

    /// <summary>Every WriteLine as (instance id, text), in the order written.</summary>
    public List<(string InstanceId, string Text)> Lines { get; } = [];

    public IReadOnlyList<string> LinesOf(string instanceId)
    {
        lock (Lines)
        {
            return Lines.Where(l => l.InstanceId == instanceId).Select(l => l.Text).ToList();
        }
    }

    /// <summary>Errors the workers logged: a burst or a task attempt whose commit failed.</summary>
    public List<string> Errors { get; } = [];

    public async Task PublishAsync(WorkflowDefinition definition)
    {
        definition.IsPublished = true;
        definition.IsLatest = true;
        await Store.SaveDefinitionVersionsAsync([definition]);
    }

    /// <summary>
    /// Runs bursts and task attempts until nothing more is runnable at the current time. A worker error fails at once: left
    /// alone, its work would wait for a lease expiry that the manual clock never reaches.
    /// </summary>
    public async Task DriveAsync()
    {
        for (var pass = 0; pass < 10_000; pass++)
        {
            var bursts = await InstanceWorker.RunUntilIdleAsync();
            var before = Events.Count;
            await TaskWorker.RunOnceAsync();
            await TaskWorker.WhenIdleAsync();
            lock (Errors)
            {
                if (Errors.Count > 0)
                {
                    throw new InvalidOperationException("A worker failed: " + string.Join(Environment.NewLine, Errors));
                }
            }

            if (bursts == 0 && Events.Count == before)
            {
                return;
            }
        }
    }

    public async Task<InstanceRecord> InstanceAsync(string id) => (await Store.FindInstanceAsync(id))!;

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

using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>One burst of one instance: runs the work queue iteratively (no recursion per step, so loops cannot overflow the stack).</summary>
internal sealed partial class Burst : IActivityHost, IExpressionScope
{
    private const string RootScope = "root";

    private readonly ActivityRegistry registry;
    private readonly ExpressionEvaluator evaluator;
    private readonly WorkflowEngineOptions options;
    private readonly TimeProvider time;
    private readonly WorkflowModel model;
    private readonly WorkflowDefinitionInfo definition;
    private readonly InstanceState state;
    private readonly Queue<QueuedItem> queue = new();
    private readonly Dictionary<string, ScopeState> scopes = [];
    private readonly List<BookmarkRecord> newBookmarks = [];
    private readonly List<string> removedBookmarkIds = [];
    private readonly List<TaskRequest> tasks = [];
    private readonly List<JournalRecord> journal = [];
    private readonly Dictionary<string, ActivityExecutionRecord> executions = [];
    private readonly List<LogLine> activityLog = [];
    private int droppedJournal;
    private bool faultedThisBurst;
    private bool finished;
    private string? triggerActivityId;
    private WorkflowSubStatus finishedAs = WorkflowSubStatus.Finished;
    private WorkflowSubStatus storedSubStatus;
    private bool resumptionJournalled;

    public Burst(ActivityRegistry registry, ExpressionEvaluator evaluator, WorkflowEngineOptions options, TimeProvider time, WorkflowModel model, WorkflowDefinitionInfo definition, InstanceState state)
    {
        this.registry = registry;
        this.evaluator = evaluator;
        this.options = options;
        this.time = time;
        this.model = model;
        this.definition = definition;
        this.state = state;
        storedSubStatus = state.SubStatus;
        foreach (var scope in state.Scopes)
        {
            scopes[scope.Id] = scope;
        }

        foreach (var item in state.Queue)
        {
            queue.Enqueue(item);
        }
    }

    private FlowchartExecutionMode Mode => options.ExecutionModeOverride ?? model.ExecutionMode;

    // ---- Stimuli ------------------------------------------------------------------------------------------------

    public BurstResult Start(StartStimulus start)
    {
        state.Status = WorkflowStatus.Running;
        state.SubStatus = WorkflowSubStatus.Executing;
        state.CorrelationId = start.CorrelationId;
        state.TaskQueue = start.TaskQueue ?? model.TaskQueue;
        state.Input = start.Input?.DeepClone().AsObject() ?? [];
        state.CreatedAt = Now;
        foreach (var v in model.Variables)
        {
            state.Variables[v.Name] = InitialValue(v);
        }

        if (model.Root is not { } root)
        {
            AddIncident("", "", model.RootType ?? "", model.RootType is null ? "The workflow has no root activity." : $"The root activity of type '{model.RootType}' has no id.");
            faultedThisBurst = true;
            return Finish();
        }

        JournalWorkflow("Started");
        triggerActivityId = start.TriggerActivityId;
        var startActivity = root.FindStart(start.TriggerActivityId);
        if (startActivity is null)
        {
            finished = true;
            return Finish();
        }

        var scope = NewScope(RootScope, root, startActivity.Id, parent: null, owner: null);
        Enqueue(scope, startActivity.Id);
        RunLoop();
        return Finish();
    }

    public BurstResult Resume(ResumeStimulus resume)
    {
        var waiting = state.Bookmarks.FirstOrDefault(b => b.BookmarkId == resume.BookmarkId);
        if (waiting is null)
        {
            return Ignore($"Bookmark '{resume.BookmarkId}' is unknown or was already consumed.");
        }

        JournalResumption();

        state.Bookmarks.Remove(waiting);
        removedBookmarkIds.Add(waiting.BookmarkId);
        if (!scopes.TryGetValue(waiting.ScopeId, out var scope) || !FindActivity(scope, waiting.ActivityId, out var activity))
        {
            return Finish();
        }

        if (waiting.Bulk is { } progress)
        {
            ResumeBulk(scope, activity, waiting, progress, resume.Payload);
            RunLoop();
            return Finish();
        }

        Journal(activity, scope, waiting.ExecutionId, "Resumed", payload: resume.Payload is null ? null : new JsonObject { ["payload"] = resume.Payload.DeepClone() });
        var execution = new Execution(scope, activity, waiting.ExecutionId, waiting.StartedAt, false) { Inputs = waiting.Inputs };
        if (waiting.Kind == BookmarkKind.Task)
        {
            ResumeTask(execution, waiting, resume.Payload);
        }
        else
        {
            RunControl(execution, resume.Payload, resuming: true);
        }

        RunLoop();
        return Finish();
    }

    public BurstResult Retry()
    {
        if (state.Incidents.Count == 0)
        {
            return Ignore("The instance has no incidents to retry.");
        }

        JournalResumption();

        state.Incidents.Clear();
        var faulted = state.Faulted.ToList();
        state.Faulted.Clear();
        foreach (var item in faulted)
        {
            if (scopes.ContainsKey(item.ScopeId))
            {
                // Still counted as active in its scope since it faulted, so no increment here.
                queue.Enqueue(item with { Retry = true });
            }
        }

        RunLoop();
        return Finish();
    }

    public BurstResult Ignore(string reason) => new()
    {
        StateJson = JsonSerializer.Serialize(state, InstanceState.Json),
        Status = state.Status,
        SubStatus = state.SubStatus,
        IncidentCount = state.Incidents.Count,
        CorrelationId = state.CorrelationId,
        FinishedAt = state.FinishedAt,
        Ignored = true,
        IgnoredReason = reason,
    };

    // ---- The loop -----------------------------------------------------------------------------------------------

    private void RunLoop()
    {
        var steps = 0;
        while (queue.Count > 0 && !faultedThisBurst && !finished)
        {
            if (++steps > options.MaxActivitiesPerBurst)
            {
                AddIncident("", "", "Elsa.Flowchart", $"The burst ran more than {options.MaxActivitiesPerBurst} activities without waiting; it was stopped (an endless loop?).");
                faultedThisBurst = true;
                break;
            }

            var item = queue.Dequeue();
            if (!scopes.TryGetValue(item.ScopeId, out var scope) || !FindActivity(scope, item.ActivityId, out var activity))
            {
                continue;
            }

            Execute(scope, activity, item);
        }
    }

    private void Execute(ScopeState scope, FlowActivity activity, QueuedItem item)
    {
        var execution = new Execution(scope, activity, NewId(), Now, item.Backward);
        Journal(activity, scope, execution.Id, "Started");
        Log("Started", execution, execution.StartedAt, null);
        UpsertExecution(execution, ActivityExecutionStatus.Running);
        if (activity.IsDefinitionActivity)
        {
            StartDefinitionActivity(execution);
            return;
        }

        var type = registry.Find(activity.Type);
        if (type is null)
        {
            Fault(execution, $"Unknown activity type '{activity.Type}'.");
            return;
        }

        switch (activity.Type)
        {
            case "Elsa.Flowchart" or "Elsa.FlowNode":
                StartContainer(execution, activity.Body is null ? [] : [null]);
                return;
            case "Elsa.ParallelForEach":
                StartParallelForEach(execution);
                return;
        }

        if (type.IsContainer)
        {
            StartStructured(execution, type);
            return;
        }

        if (type.IsTask)
        {
            StartTask(execution, type, item.Retry);
            return;
        }

        RunControl(execution, payload: null, resuming: false);
    }

    private void RunControl(Execution execution, JsonNode? payload, bool resuming)
    {
        var type = registry.Find(execution.Activity.Type)!;
        var instance = (ControlActivity)registry.Create(type.TypeName);
        current = execution.Scope;
        JsonObject inputs;
        try
        {
            inputs = EvaluateInputs(type, execution.Activity, instance);
        }
        catch (Exception e) when (e is ExpressionException or FormatException or InvalidOperationException or JsonException or ArgumentException or OverflowException)
        {
            Fault(execution, e.Message);
            return;
        }

        execution.Inputs = inputs;
        // A trigger completes at once only the first time it runs, in the instance it started.
        var isTrigger = !resuming && execution.Activity.Id == triggerActivityId;
        triggerActivityId = isTrigger ? null : triggerActivityId;
        var context = new ActivityContext(this, execution.Activity.Id, execution.Activity.NodeId, execution.Activity.Name, isTrigger, execution.Activity.Json);
        ActivityResult result;
        try
        {
            result = resuming ? instance.Resume(context, payload) : instance.Execute(context);
        }
        catch (ExpressionException e)
        {
            Fault(execution, e.Message);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fault(execution, $"{e.GetType().Name}: {e.Message}");
            return;
        }

        switch (result)
        {
            case CompleteResult complete:
                Complete(execution, registry.ReadOutputs(instance), complete.Names);
                break;
            case SuspendResult suspend:
                Suspend(execution, suspend);
                break;
            case FaultResult fault:
                Fault(execution, fault.Message);
                break;
            case StartChildResult child:
                StartChild(execution, instance, context, child.Request);
                break;
            case DispatchChildrenResult bulk:
                StartBulk(execution, bulk.Request);
                break;
            case CompleteCompositeResult composite:
                RecordCompleted(execution, registry.ReadOutputs(instance), []);
                CompleteComposite(execution.Scope, composite.Names);
                break;
            case EndFlowchartResult:
                RecordCompleted(execution, registry.ReadOutputs(instance), []);
                CompleteScope(execution.Scope);
                break;
            case BreakResult:
                RecordCompleted(execution, registry.ReadOutputs(instance), []);
                SignalBreak(execution.Scope);
                CompleteScope(execution.Scope);
                break;
            case FinishWorkflowResult:
                RecordCompleted(execution, registry.ReadOutputs(instance), []);
                state.LastRoot = scopes.GetValueOrDefault(RootScope) ?? state.LastRoot;
                EndOpenWork();
                JournalWorkflow("Completed");
                finished = true;
                break;
        }
    }

    // ---- Completion and scheduling ------------------------------------------------------------------------------

    private void Complete(Execution execution, JsonObject outputs, IReadOnlyList<string> outcomes, bool bindOutputs = true)
    {
        RecordCompleted(execution, outputs, outcomes, bindOutputs);
        var scope = execution.Scope;
        scope.Active--;
        if (Mode == FlowchartExecutionMode.TokenBased)
        {
            ScheduleByTokens(scope, execution.Activity, outcomes);
        }
        else
        {
            ScheduleOutbound(scope, execution.Activity.Id, outcomes, execution.Backward);
        }

        if (scopes.ContainsKey(scope.Id) && scope.Active == 0)
        {
            CompleteScope(scope);
        }
    }

    private void RecordCompleted(Execution execution, JsonObject outputs, IReadOnlyList<string> outcomes, bool bindOutputs = true)
    {
        var activity = execution.Activity;
        var nonNull = bindOutputs ? PublishOutputs(activity, outputs) : NonNull(outputs);

        Journal(activity, execution.Scope, execution.Id, "Completed", payload: new JsonObject { ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode?)o).ToArray()) });
        UpsertExecution(execution, ActivityExecutionStatus.Completed, outputs: nonNull.Count > 0 ? nonNull : null);
        Log("Completed", execution, Now, nonNull.Count > 0 ? nonNull.ToJsonString() : null);
    }

    /// <summary>Makes an activity's outputs visible: to <c>getOutputFrom</c>, as the last result, and through its output bindings.</summary>
    private JsonObject PublishOutputs(FlowActivity activity, JsonObject outputs)
    {
        var nonNull = NonNull(outputs);
        if (nonNull.Count > 0)
        {
            state.ActivityOutputs[activity.Id] = nonNull;
            state.LastResult = (nonNull["result"] ?? nonNull.First().Value)?.DeepClone();
            BindOutputs(activity, nonNull);
        }

        return nonNull;
    }

    private static JsonObject NonNull(JsonObject outputs)
    {
        var nonNull = new JsonObject();
        foreach (var (name, value) in outputs)
        {
            if (value is not null)
            {
                nonNull[name] = value.DeepClone();
            }
        }

        return nonNull;
    }

    private void Enqueue(ScopeState scope, string activityId, bool backward = false)
    {
        scope.Active++;
        queue.Enqueue(new QueuedItem(scope.Id, activityId, backward));
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    private DateTimeOffset Now => time.GetUtcNow();

    private static string NewId() => Guid.NewGuid().ToString("N");

    private sealed class Execution(ScopeState scope, FlowActivity activity, string id, DateTimeOffset startedAt, bool backward)
    {
        public ScopeState Scope { get; } = scope;
        public FlowActivity Activity { get; } = activity;
        public string Id { get; } = id;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public bool Backward { get; } = backward;
        public JsonObject? Inputs { get; set; }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>Suspension, tasks and faults: bookmarks, task requests for the task worker, their resumption, incidents and cancellation.</summary>
internal sealed partial class Burst : IActivityHost, IExpressionScope
{
    // Where a request that runs a status code's case keeps its response and ports until the case completes.
    private const string SlotOutputs = "slotOutputs";
    private const string SlotPorts = "slotPorts";

    private void Suspend(Execution execution, SuspendResult suspend)
    {
        var bookmark = WaitingOf(execution, NewId(), suspend.Kind, suspend.Name);
        bookmark.CorrelationId = suspend.CorrelationId;
        bookmark.DueAt = suspend.DueAt;
        AddBookmark(bookmark, execution);
    }

    /// <summary>What every bookmark records of the execution that waits; callers add what their kind needs.</summary>
    private WaitingActivity WaitingOf(Execution execution, string bookmarkId, BookmarkKind kind, string? name) => new()
    {
        BookmarkId = bookmarkId,
        Kind = kind,
        ExecutionId = execution.Id,
        ScopeId = execution.Scope.Id,
        ActivityId = execution.Activity.Id,
        NodeId = execution.Activity.NodeId,
        ActivityType = execution.Activity.Type,
        ActivityName = execution.Activity.Name,
        Name = name,
        StartedAt = execution.StartedAt,
        CreatedAt = Now,
    };

    private void AddBookmark(WaitingActivity bookmark, Execution execution)
    {
        state.Bookmarks.Add(bookmark);
        newBookmarks.Add(new BookmarkRecord
        {
            Id = bookmark.BookmarkId,
            InstanceId = state.Id,
            ActivityId = bookmark.ActivityId,
            ActivityNodeId = bookmark.NodeId,
            Kind = bookmark.Kind,
            Name = bookmark.Name,
            CorrelationId = bookmark.CorrelationId,
            DueAt = bookmark.DueAt,
            CreatedAt = bookmark.CreatedAt,
        });
        Journal(execution.Activity, execution.Scope, execution.Id, "Suspended", payload: new JsonObject { ["bookmarkId"] = bookmark.BookmarkId, ["kind"] = bookmark.Kind.ToString() });
        UpsertExecution(execution, ActivityExecutionStatus.Running, hasBookmarks: true);
    }

    private void StartTask(Execution execution, ActivityType type, bool retry)
    {
        var activity = execution.Activity;
        var count = state.ExecutionCounts.GetValueOrDefault(activity.Id);
        if (!retry || count == 0)
        {
            state.ExecutionCounts[activity.Id] = ++count;
        }

        var key = count <= 1 ? $"{state.Id}:{activity.Id}" : $"{state.Id}:{activity.Id}:{count}";
        TaskActivity instance;
        JsonObject inputs;
        current = execution.Scope;
        try
        {
            instance = (TaskActivity)registry.Create(type.TypeName);
            inputs = EvaluateInputs(type, activity, instance);
        }
        catch (Exception e) when (e is ExpressionException or FormatException or InvalidOperationException or JsonException or ArgumentException or OverflowException)
        {
            Fault(execution, e.Message, retry: true);
            return;
        }

        execution.Inputs = inputs;
        var bookmark = WaitingOf(execution, $"task:{key}", BookmarkKind.Task, key);

        // The resume burst logs the finish with the arguments the task started with.
        bookmark.Inputs = inputs;
        tasks.Add(new TaskRequest
        {
            ActivityId = activity.Id,
            ActivityNodeId = activity.NodeId,
            Handler = activity.Type,
            Queue = state.TaskQueue ?? instance.Queue,
            Priority = instance.Priority,
            Weight = instance.Weight,
            Units = instance.Units,
            IdempotencyKey = key,
            Input = (JsonObject)inputs.DeepClone(),
            BookmarkId = bookmark.BookmarkId,
            Retry = retry,
        });
        AddBookmark(bookmark, execution);
    }

    private void ResumeTask(Execution execution, WaitingActivity waiting, JsonNode? payload)
    {
        TaskResumePayload? result;
        try
        {
            result = payload?.Deserialize<TaskResumePayload>(InstanceState.Json);
        }
        catch (JsonException e)
        {
            result = new TaskResumePayload { Succeeded = false, Error = $"Unreadable task result: {e.Message}" };
        }

        result ??= new TaskResumePayload { Succeeded = false, Error = "The task result was empty." };
        if (!result.Succeeded)
        {
            if (result.FailurePort is not { Length: > 0 } port || !TakeFailurePort(execution, port))
            {
                Fault(execution, result.Error ?? "The task failed.", retry: true);
            }

            return;
        }

        var outputs = result.Outputs ?? [];
        var ports = result.Ports is { Count: > 0 } listed ? listed : [result.Port];
        if (!TakeResultSlot(execution, outputs, ports))
        {
            Complete(execution, outputs, ports);
        }
    }

    /// <summary>
    /// Elsa's SendHttpRequest runs the activity of the case its status matched (else its <c>unmatchedStatusCode</c> one) and
    /// completes after it. The response is the activity's output first, so the case's activities can read it; false when
    /// there is no such activity to run.
    /// </summary>
    private bool TakeResultSlot(Execution execution, JsonObject outputs, IReadOnlyList<string> ports)
    {
        if (execution.Activity.Type != "Elsa.SendHttpRequest")
        {
            return false;
        }

        var cases = execution.Activity.Json["expectedStatusCodes"] as JsonArray ?? [];
        var matched = -1;
        for (var i = 0; i < cases.Count && matched < 0; i++)
        {
            if (cases[i]?["statusCode"] is JsonValue code && ports.Contains(code.ToJsonString().Trim('"')))
            {
                matched = i;
            }
        }

        var slot = matched >= 0 ? ChildSlots.Item("expectedStatusCodes", matched) : "unmatchedStatusCode";
        if (!execution.Activity.Slots.TryGetValue(slot, out var graph) || graph.Activities.Count == 0)
        {
            return false;
        }

        PublishOutputs(execution.Activity, outputs);
        var properties = new JsonObject { [SlotOutputs] = outputs.DeepClone(), [SlotPorts] = new JsonArray(ports.Select(p => (JsonNode?)p).ToArray()) };
        RunSlot(execution, slot, graph, properties);
        return true;
    }

    /// <summary>
    /// A failed task whose activity names a port for the failure (Elsa's "Failed to connect", "Timeout"): a child-activity
    /// slot of that name runs and the activity completes after it; else a connected flow port is followed. False when neither.
    /// </summary>
    private bool TakeFailurePort(Execution execution, string port)
    {
        var slot = char.ToLowerInvariant(port[0]) + port[1..];
        if (execution.Activity.Slots.TryGetValue(slot, out var graph) && graph.Activities.Count > 0)
        {
            RunSlot(execution, slot, graph, properties: null);
            return true;
        }

        if (GraphOf(execution.Scope).Outbound(execution.Activity.Id).Any(c => c.SourcePort == port))
        {
            Complete(execution, [], [port]);
            return true;
        }

        return false;
    }

    /// <summary>Runs one child slot of a task activity; the activity completes when the slot does (see <see cref="CompleteScope"/>).</summary>
    private void RunSlot(Execution execution, string slot, FlowGraph graph, JsonObject? properties)
    {
        state.Containers.Add(new ContainerExecution
        {
            ExecutionId = execution.Id,
            ScopeId = execution.Scope.Id,
            ActivityId = execution.Activity.Id,
            Remaining = 1,
            StartedAt = execution.StartedAt,
            Properties = properties,
        });
        UpsertExecution(execution, ActivityExecutionStatus.Running);
        var child = NewScope(NewId(), graph, graph.Activities[0].Id, execution.Scope.Id, execution.Id);
        child.Slot = slot;
        Enqueue(child, child.StartId);
    }

    private void Fault(Execution execution, string message, bool retry = false)
    {
        var activity = execution.Activity;
        AddIncident(activity.Id, activity.NodeId, activity.Type, message);
        state.Faulted.Add(new QueuedItem(execution.Scope.Id, activity.Id, execution.Backward, retry));
        var exception = new JsonObject { ["type"] = "ActivityFault", ["message"] = message };
        Journal(activity, execution.Scope, execution.Id, "Faulted", message: message);
        UpsertExecution(execution, ActivityExecutionStatus.Faulted, exception: exception);
        Log("Faulted", execution, Now, exception.ToJsonString());
        faultedThisBurst = true;
    }

    private void AddIncident(string activityId, string nodeId, string type, string message) =>
        state.Incidents.Add(new IncidentState { ActivityId = activityId, ActivityNodeId = nodeId, ActivityType = type, Message = message, Timestamp = Now });

    private void CancelExecution(WaitingActivity bookmark)
    {
        if (!scopes.TryGetValue(bookmark.ScopeId, out var scope) || !FindActivity(scope, bookmark.ActivityId, out var activity))
        {
            return;
        }

        var execution = new Execution(scope, activity, bookmark.ExecutionId, bookmark.StartedAt, false);
        Journal(activity, scope, bookmark.ExecutionId, "Cancelled");
        UpsertExecution(execution, ActivityExecutionStatus.Canceled);
    }
}

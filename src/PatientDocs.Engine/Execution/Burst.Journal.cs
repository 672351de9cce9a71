using System.Text.Json.Nodes;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

internal sealed partial class Burst
{
    private void Journal(FlowActivity activity, ScopeState scope, string executionId, string eventName, string? message = null, JsonObject? payload = null)
    {
        if (journal.Count >= options.MaxJournalRecordsPerBurst)
        {
            droppedJournal++;
            state.Sequence++;
            return;
        }

        journal.Add(new JournalRecord
        {
            Id = NewId(),
            InstanceId = state.Id,
            ActivityInstanceId = executionId,
            ParentActivityInstanceId = scope.OwnerExecutionId,
            ActivityId = activity.Id,
            ActivityType = activity.Type,
            ActivityName = activity.Name,
            NodeId = activity.NodeId,
            Timestamp = Now,
            Sequence = state.Sequence++,
            EventName = eventName,
            Message = message,
            Payload = payload?.ToJsonString(),
        });
    }

    // Instance-level records are few per burst and outside the cap: a progress stream must see every start, end and wait.
    private void JournalWorkflow(string eventName, string? message = null) => journal.Add(WorkflowRecord(eventName, message));

    /// <summary>First in a burst that wakes an instance that was not executing: suspended, faulted, or finished and re-opened.</summary>
    private void JournalResumption()
    {
        if (storedSubStatus is not (WorkflowSubStatus.Executing or WorkflowSubStatus.Pending) && !resumptionJournalled)
        {
            resumptionJournalled = true;
            JournalWorkflow(JournalEvents.WorkflowResumed);
        }
    }

    /// <summary>Last in a burst that leaves the instance waiting or faulted (a finish or a cancel has its own record).</summary>
    private void JournalSuspensionOrFault()
    {
        // A timeout journals its own fault, with its reason, before the burst ends: one record, not two.
        if (state.SubStatus == WorkflowSubStatus.Suspended)
        {
            JournalWorkflow(JournalEvents.WorkflowSuspended);
        }
        else if (state.SubStatus == WorkflowSubStatus.Faulted && !journal.Exists(r => r.EventName == JournalEvents.WorkflowFaulted))
        {
            JournalWorkflow(JournalEvents.WorkflowFaulted, state.Incidents.Count > 0 ? state.Incidents[^1].Message : null);
        }
    }

    private JournalRecord WorkflowRecord(string eventName, string? message)
    {
        var root = model.Root;
        return new JournalRecord
        {
            Id = NewId(),
            InstanceId = state.Id,
            ActivityId = root?.Id ?? "",
            ActivityType = model.RootType ?? "Elsa.Flowchart",
            NodeId = root?.NodeId ?? "",
            Timestamp = Now,
            Sequence = state.Sequence++,
            EventName = eventName,
            Message = message,
        };
    }

    /// <summary>
    /// Records an activity-log line. Unlike the journal it has no cap: the log must hold every start and finish. Arguments
    /// are read when the burst ends, since a start is logged before its inputs are evaluated.
    /// </summary>
    private void Log(string phase, Execution execution, DateTimeOffset timestamp, string? result) =>
        activityLog.Add(new LogLine(phase, execution, timestamp, result));

    private List<ActivityEvent> ActivityLogEvents()
    {
        var events = new List<ActivityEvent>(activityLog.Count);
        Execution? previous = null;
        string arguments = "{}";
        foreach (var line in activityLog)
        {
            // A start and its finish in one burst share the execution: its arguments are serialized once.
            if (!ReferenceEquals(line.Execution, previous))
            {
                previous = line.Execution;
                arguments = line.Execution.Inputs?.ToJsonString() ?? "{}";
            }

            var activity = line.Execution.Activity;
            events.Add(new ActivityEvent(line.Phase, line.Timestamp, state.Id, activity.Id, activity.Type, LogName(activity), arguments, line.Result, line.Execution.Id));
        }

        return events;
    }

    /// <summary>The name the workflow gives the activity; one without a name goes by its type's display name, then its id.</summary>
    private string LogName(FlowActivity activity) =>
        !string.IsNullOrEmpty(activity.Name) ? activity.Name
        : registry.Find(activity.Type)?.Descriptor.DisplayName is { Length: > 0 } displayName ? displayName
        : activity.Id;

    private void UpsertExecution(Execution execution, ActivityExecutionStatus status, JsonObject? outputs = null, bool hasBookmarks = false, JsonObject? exception = null)
    {
        if (!executions.ContainsKey(execution.Id) && executions.Count >= options.MaxActivityExecutionsPerBurst)
        {
            return;
        }

        var activity = execution.Activity;
        executions[execution.Id] = new ActivityExecutionRecord
        {
            Id = execution.Id,
            InstanceId = state.Id,
            ActivityId = activity.Id,
            ActivityNodeId = activity.NodeId,
            ActivityType = activity.Type,
            ActivityName = activity.Name,
            StartedAt = execution.StartedAt,
            CompletedAt = status == ActivityExecutionStatus.Running ? null : Now,
            HasBookmarks = hasBookmarks,
            Status = status,
            ActivityState = execution.Inputs?.ToJsonString(),
            Outputs = outputs?.ToJsonString(),
            Exception = exception?.ToJsonString(),
        };
    }

    private sealed record LogLine(string Phase, Execution Execution, DateTimeOffset Timestamp, string? Result);
}

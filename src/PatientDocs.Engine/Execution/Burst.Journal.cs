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

    private void JournalWorkflow(string eventName)
    {
        if (journal.Count < options.MaxJournalRecordsPerBurst)
        {
            journal.Add(WorkflowRecord(eventName, null));
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
            ActivityType = "Elsa.Flowchart",
            NodeId = root?.NodeId ?? "",
            Timestamp = Now,
            Sequence = state.Sequence++,
            EventName = eventName,
            Message = message,
        };
    }

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
}

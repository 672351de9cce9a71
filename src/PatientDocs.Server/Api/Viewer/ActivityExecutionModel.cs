using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>Elsa's <c>ActivityExecutionRecord</c>: one execution of one activity, shown when a node is selected.</summary>
public sealed record ActivityExecutionModel(
    string Id,
    string WorkflowInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    JsonObject ActivityState,
    JsonObject Payload,
    JsonObject Outputs,
    JsonObject Properties,
    JsonObject Metadata,
    JsonNode? Exception,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    bool HasBookmarks,
    string Status,
    int AggregateFaultCount,
    string? SchedulingActivityExecutionId,
    string? SchedulingActivityId,
    string? SchedulingWorkflowInstanceId,
    int? CallStackDepth)
{
    public static ActivityExecutionModel From(ActivityExecutionRecord record) => new(
        record.Id,
        record.InstanceId,
        record.ActivityId,
        record.ActivityNodeId,
        record.ActivityType,
        record.ActivityTypeVersion,
        record.ActivityName,
        StoredJson.ParseObject(record.ActivityState),
        StoredJson.ParseObject(record.Payload),
        StoredJson.ParseObject(record.Outputs),
        [],
        [],
        StoredJson.Parse(record.Exception),
        record.StartedAt,
        record.CompletedAt,
        record.HasBookmarks,
        record.Status.ToString(),
        record.Status == ActivityExecutionStatus.Faulted ? 1 : 0,
        null,
        null,
        null,
        0);
}

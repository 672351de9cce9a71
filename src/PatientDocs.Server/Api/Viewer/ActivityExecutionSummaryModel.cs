using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>Elsa's <c>ActivityExecutionRecordSummary</c>: the record without state, payload and outputs.</summary>
public sealed record ActivityExecutionSummaryModel(
    string Id,
    string WorkflowInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    bool HasBookmarks,
    string Status,
    int AggregateFaultCount,
    JsonObject Metadata)
{
    public static ActivityExecutionSummaryModel From(ActivityExecutionRecord record) => new(
        record.Id,
        record.InstanceId,
        record.ActivityId,
        record.ActivityNodeId,
        record.ActivityType,
        record.ActivityTypeVersion,
        record.ActivityName,
        record.StartedAt,
        record.CompletedAt,
        record.HasBookmarks,
        record.Status.ToString(),
        record.Status == ActivityExecutionStatus.Faulted ? 1 : 0,
        []);
}

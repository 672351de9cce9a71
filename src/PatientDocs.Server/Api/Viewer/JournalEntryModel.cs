using System.Text.Json.Nodes;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>Elsa's <c>WorkflowExecutionLogRecord</c>, one line of the viewer's journal.</summary>
public sealed record JournalEntryModel(
    string Id,
    string WorkflowInstanceId,
    string? ActivityInstanceId,
    string? ParentActivityInstanceId,
    string ActivityId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    string NodeId,
    DateTimeOffset Timestamp,
    long Sequence,
    string EventName,
    string? Message,
    string? Source,
    JsonNode? ActivityState,
    JsonNode? Payload)
{
    public static JournalEntryModel From(JournalRecord record) => new(
        record.Id,
        record.InstanceId,
        record.ActivityInstanceId,
        record.ParentActivityInstanceId,
        record.ActivityId,
        record.ActivityType,
        record.ActivityTypeVersion,
        record.ActivityName,
        record.NodeId,
        record.Timestamp,
        record.Sequence,
        record.EventName,
        record.Message,
        record.Source,
        null,
        StoredJson.Parse(record.Payload));
}

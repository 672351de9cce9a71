using PatientDocs.Engine.Storage;

namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>One line of the activity log as the API returns it; <see cref="Sequence"/> is its line in the CSV file.</summary>
public sealed record ActivityLogLine(
    long? Sequence,
    DateTimeOffset Timestamp,
    string Phase,
    string InstanceId,
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    string Arguments,
    string? Result,
    string? ExecutionId)
{
    public static ActivityLogLine From(ActivityLogRecord record)
    {
        var e = record.Event;
        return new(record.Sequence, e.Timestamp, e.Phase, e.InstanceId, e.ActivityId, e.ActivityType, e.ActivityName, e.Arguments, e.Result, e.ExecutionId);
    }
}

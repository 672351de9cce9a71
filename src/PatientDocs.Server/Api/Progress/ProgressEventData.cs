using System.Globalization;
using PatientDocs.Engine.Runtime.Progress;

namespace PatientDocs.Server.Api.Progress;

/// <summary>An event's <c>data</c> line: serialized as one line of JSON, without the fields an event does not have.</summary>
public sealed record ProgressEventData(
    string InstanceId,
    string DefinitionId,
    string At,
    long Position,
    string? ActivityId,
    string? ActivityType,
    string? ActivityName,
    string? Status,
    string? Message)
{
    public static ProgressEventData From(ProgressEvent progress) => new(
        progress.InstanceId,
        progress.DefinitionId,
        progress.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        progress.Position,
        progress.ActivityId,
        progress.ActivityType,
        progress.ActivityName,
        progress.Status,
        progress.Message);
}

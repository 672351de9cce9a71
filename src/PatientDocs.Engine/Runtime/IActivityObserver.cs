namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Told of every activity execution's start and finish after it is durable: control activities after their burst commits,
/// task activities as a worker starts and finishes them. The activity log (CSV and table) is one observer.
/// </summary>
public interface IActivityObserver
{
    ValueTask OnActivityEventAsync(ActivityEvent activityEvent, CancellationToken cancellationToken);
}

/// <param name="Phase">Started, Completed or Faulted.</param>
/// <param name="Arguments">The evaluated inputs as a JSON object.</param>
/// <param name="Result">Outputs or error as JSON, on finish.</param>
public sealed record ActivityEvent(
    string Phase,
    DateTimeOffset Timestamp,
    string InstanceId,
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    string Arguments,
    string? Result);

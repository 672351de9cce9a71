namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Told of activity starts and finishes as they happen on this node: control activities after their burst commits, task
/// activities per attempt as a worker starts and finishes them. Best effort and not durable; the durable record of every
/// execution's start and finish is the store's activity log, committed with each burst (<c>IWorkflowStore.ReadActivityLogAsync</c>).
/// </summary>
public interface IActivityObserver
{
    ValueTask OnActivityEventAsync(ActivityEvent activityEvent, CancellationToken cancellationToken);
}

/// <param name="Phase">Started, Completed or Faulted.</param>
/// <param name="ActivityName">The activity's name in the workflow definition (its <c>name</c> in the JSON).</param>
/// <param name="Arguments">The evaluated inputs as a JSON object.</param>
/// <param name="Result">Outputs or error as JSON, on finish.</param>
/// <param name="ExecutionId">The activity execution the event belongs to (the journal's activity instance id).</param>
public sealed record ActivityEvent(
    string Phase,
    DateTimeOffset Timestamp,
    string InstanceId,
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    string Arguments,
    string? Result,
    string? ExecutionId = null);

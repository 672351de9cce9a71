namespace PatientDocs.Engine.Storage;

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

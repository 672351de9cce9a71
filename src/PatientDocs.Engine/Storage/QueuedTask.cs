namespace PatientDocs.Engine.Storage;

/// <summary>
/// An unfinished task as a queue's order sees it, without its input or result: enough to place it among the others in
/// claim order (priority descending, then oldest first) for an estimate of when it will run.
/// </summary>
public sealed record QueuedTask(
    string Id,
    string Queue,
    string InstanceId,
    string ActivityId,
    string Handler,
    int Priority,
    TaskState State,
    DateTimeOffset NotBefore,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PermitGrantedAt);

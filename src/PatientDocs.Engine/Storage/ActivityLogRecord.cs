
namespace PatientDocs.Engine.Storage;

/// <summary>
/// One committed line of the activity log. <paramref name="Sequence"/> is its place in the log (1, 2, 3…), given after
/// its commit by <see cref="IWorkflowStore.SequenceActivityLogAsync"/>; null until then.
/// </summary>
public sealed record ActivityLogRecord(long? Sequence, ActivityEvent Event);

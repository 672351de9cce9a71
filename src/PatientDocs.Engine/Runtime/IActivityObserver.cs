using PatientDocs.Engine.Storage;
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

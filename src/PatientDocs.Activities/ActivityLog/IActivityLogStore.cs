using PatientDocs.Engine.Runtime;

namespace PatientDocs.Activities.ActivityLog;

/// <summary>The activity-log table. The server backs it with the database table <c>activity_log</c>; tests use memory.</summary>
public interface IActivityLogStore
{
    Task AppendAsync(ActivityEvent activityEvent, CancellationToken cancellationToken = default);

    /// <summary>The events of one instance in the order they were appended.</summary>
    Task<IReadOnlyList<ActivityEvent>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default);
}

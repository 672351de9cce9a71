using PatientDocs.Engine.Runtime;

namespace PatientDocs.Activities.ActivityLog;

/// <summary>The activity-log table. The server backs it with the database table <c>activity_log</c>; tests use memory.</summary>
public interface IActivityLogStore
{
    /// <summary>Appends the events in order, all in one write.</summary>
    Task AppendAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The events of one instance in the order they were appended.</summary>
    Task<IReadOnlyList<ActivityEvent>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default);
}

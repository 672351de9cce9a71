using PatientDocs.Engine.Runtime;

namespace PatientDocs.Activities.ActivityLog;

/// <summary>The activity log: every start and finish goes to the shared CSV file and to the activity-log table.</summary>
public sealed class ActivityLogObserver(CsvActivityLog csv, IActivityLogStore store) : IActivityObserver
{
    public async ValueTask OnActivityEventAsync(ActivityEvent activityEvent, CancellationToken cancellationToken)
    {
        await csv.AppendAsync(activityEvent, cancellationToken);
        await store.AppendAsync(activityEvent, cancellationToken);
    }
}

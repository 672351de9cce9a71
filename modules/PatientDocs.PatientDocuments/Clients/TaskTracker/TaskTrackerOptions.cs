using PatientDocs.PatientDocuments.Clients;

namespace PatientDocs.PatientDocuments.Clients.TaskTracker;

/// <summary>Bound from <c>PatientDocs:Services:TaskTracker</c> (the runtime binds its Limits/Queues/Retry/Breaker subsections).</summary>
public sealed class TaskTrackerOptions : ServiceOptions
{
    public const string Section = "PatientDocs:Services:TaskTracker";

    public TaskTrackerOptions() => BaseUrl = "http://127.0.0.1:5100/sim/task-tracker/";
}

using PatientDocs.Engine.Queues;
using PatientDocs.PatientDocuments.Activities;

namespace PatientDocs.PatientDocuments;

/// <summary>
/// The seed's limits as defaults, filled in wherever configuration is silent: a server started without its appsettings
/// (another working directory, a container with only environment variables) must still never exceed a service's limit.
/// </summary>
public static class ServiceLimitDefaults
{
    public static void Apply(TaskServicesOptions options)
    {
        var docex = Service(options, "DocumentExchange");
        Limit(docex, "SearchAndDownload", permits: 10, TimeSpan.FromMinutes(1));
        Limit(docex, "Status", permits: 10, TimeSpan.FromSeconds(1));
        Queue(docex, PatientDocsQueues.DocexSearch, "SearchAndDownload", slots: 2);
        Queue(docex, PatientDocsQueues.DocexDownload, "SearchAndDownload", slots: 2);
        Queue(docex, PatientDocsQueues.DocexStatus, "Status", slots: 10);

        var tracker = Service(options, "TaskTracker");
        Limit(tracker, "Requests", permits: 10, TimeSpan.FromSeconds(1));
        Queue(tracker, PatientDocsQueues.TaskTracker, "Requests", slots: 10);

        // Conversion is single-threaded at up to 1 GB each: 8 cores and 12 GB per worker node.
        var conversion = Service(options, "Conversion");
        if (!conversion.Queues.ContainsKey(PatientDocsQueues.Conversion))
        {
            conversion.Queues[PatientDocsQueues.Conversion] = new QueueOptions { Slots = 8, Budget = 12 * 1024 };
        }

        var database = Service(options, "Database");
        if (!database.Queues.ContainsKey(PatientDocsQueues.Database))
        {
            database.Queues[PatientDocsQueues.Database] = new QueueOptions { Slots = 16 };
        }
    }

    private static TaskServiceOptions Service(TaskServicesOptions options, string name)
    {
        if (!options.Services.TryGetValue(name, out var service))
        {
            service = new TaskServiceOptions();
            options.Services[name] = service;
        }

        return service;
    }

    private static void Limit(TaskServiceOptions service, string name, int permits, TimeSpan period)
    {
        if (!service.Limits.ContainsKey(name))
        {
            service.Limits[name] = new RateLimitOptions { Permits = permits, Period = period };
        }
    }

    private static void Queue(TaskServiceOptions service, string name, string limit, int slots)
    {
        if (!service.Queues.ContainsKey(name))
        {
            service.Queues[name] = new QueueOptions { Limit = limit, Slots = slots };
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Clients.TaskTracker;
using PatientDocs.PatientDocuments.Hosting;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>The module's services over a temp data folder, with optional fake HTTP handlers, and TaskContexts to run activities.</summary>
public sealed class ModuleHost : IDisposable
{
    public ModuleHost(HttpMessageHandler? documentExchange = null, HttpMessageHandler? taskTracker = null,
        Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "pd-activities-" + Guid.NewGuid().ToString("N"));
        Time = time ?? TimeProvider.System;
        var values = new Dictionary<string, string?>
        {
            ["PatientDocs:Storage:DataFolder"] = DataFolder,
            ["PatientDocs:Services:DocumentExchange:BaseUrl"] = "http://docex.test/sim/document-exchange/",
            ["PatientDocs:Services:TaskTracker:BaseUrl"] = "http://tracker.test/sim/task-tracker/",
            ["PatientDocs:Services:Conversion:SecondsPerFile"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton(Time);

        // The host supplies the engine's store; the module's activity-log pump reads it.
        services.AddSingleton<IWorkflowStore, InMemoryWorkflowStore>();
        services.AddPatientDocumentsModule(configuration);
        if (documentExchange is not null)
        {
            services.AddHttpClient(DocumentExchangeClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => documentExchange);
        }

        if (taskTracker is not null)
        {
            services.AddHttpClient(TaskTrackerClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => taskTracker);
        }

        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string DataFolder { get; }

    public TimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public TaskContext Context(string queue = "q", string key = "inst-1:act-1", int backlog = 0, DateTimeOffset? permitGrantedAt = null,
        TimeSpan? hold = null, double timeScale = 1, string instanceId = "inst-1") => new()
        {
            TaskId = Guid.NewGuid().ToString("N"),
            IdempotencyKey = key,
            InstanceId = instanceId,
            ActivityId = "act-1",
            Attempt = 1,
            Queue = queue,
            QueueBacklog = backlog,
            PermitGrantedAt = permitGrantedAt,
            PermitHeldUntil = permitGrantedAt + hold,
            Services = Services,
            Time = Time,
            TimeScale = timeScale,
        };

    public void Dispose()
    {
        Services.Dispose();
        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.Activities.ActivityLog;
using PatientDocs.Activities.Clients.DocumentExchange;
using PatientDocs.Activities.Clients.TaskTracker;
using PatientDocs.Activities.Conversion;
using PatientDocs.Activities.Patients;
using PatientDocs.Activities.Storage;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Activities;

public static class PatientDocumentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the patient-documents module: options (validated at start), the DocumentExchange and TaskTracker clients,
    /// document storage, the conversion handler and monitor, and the activity log observer. IPatientStore and
    /// IActivityLogStore default to memory: register the database-backed ones before this call (or Replace them after).
    /// </summary>
    public static IServiceCollection AddPatientDocumentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.PostConfigure<TaskServicesOptions>(ServiceLimitDefaults.Apply);

        services.AddOptions<ConversionOptions>().Bind(configuration.GetSection(ConversionOptions.Section)).ValidateOnStart();
        services.AddOptions<DocumentExchangeOptions>().Bind(configuration.GetSection(DocumentExchangeOptions.Section)).ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .PostConfigure(options =>
            {
                if (configuration[$"{StorageOptions.Section}:DataFolder"] is null && configuration["PatientDocs:DataFolder"] is { Length: > 0 } shared)
                {
                    options.DataFolder = shared;
                }

                // The node's name in leases, when configured, names its temporary files too; the runtime's own default has the process id in it, which a restart changes.
                if (string.IsNullOrWhiteSpace(options.NodeId) && configuration["PatientDocs:NodeId"] is { Length: > 0 } nodeId)
                {
                    options.NodeId = StorageOptions.ToNodeId(nodeId);
                }

                options.Root = options.ResolvedRoot();
                options.NodeId = options.ResolvedNodeId();
            })
            .ValidateOnStart();
        services.AddOptions<TaskTrackerOptions>().Bind(configuration.GetSection(TaskTrackerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConversionOptions>>(new OptionsValidator<ConversionOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<DocumentExchangeOptions>>(new OptionsValidator<DocumentExchangeOptions>(o => o.ValidateAll()));
        services.AddSingleton<IValidateOptions<StorageOptions>>(new OptionsValidator<StorageOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<TaskTrackerOptions>>(new OptionsValidator<TaskTrackerOptions>(o => o.Validate(TaskTrackerOptions.Section)));

        services.AddHttpClient(DocumentExchangeClient.HttpClientName);
        services.AddHttpClient(TaskTrackerClient.HttpClientName);

        services.TryAddSingleton<IActivityLogStore, InMemoryActivityLogStore>();
        services.TryAddSingleton<IPatientStore, InMemoryPatientStore>();
        services.TryAddSingleton(sp => new CsvActivityLog(
            PatientDocumentsModule.ActivityLogPath(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ConversionMonitor>();
        services.TryAddSingleton<DocumentExchangeClient>();
        services.TryAddSingleton<DocumentStore>();
        services.TryAddSingleton<TaskTrackerClient>();
        services.TryAddSingleton<ActivityLogObserver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActivityObserver, ActivityLogObserver>(sp => sp.GetRequiredService<ActivityLogObserver>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskItemHandler, ConversionHandler>());
        return services;
    }
}

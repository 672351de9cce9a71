using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PatientDocs.Activities.ActivityLog;
using PatientDocs.Activities.Clients.DocumentExchange;
using PatientDocs.Activities.Clients.TaskTracker;
using PatientDocs.Activities.Conversion;
using PatientDocs.Activities.Patients;
using PatientDocs.Activities.Storage;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Activities;

public static class PatientDocumentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the patient-documents module: options (validated at start), the DocumentExchange and TaskTracker clients,
    /// document storage, the conversion handler and monitor, and the pump that feeds the activity-log CSV from the engine's
    /// store (IWorkflowStore, registered by the host). IPatientStore defaults to memory: register the database-backed one
    /// before this call (or Replace it after).
    /// </summary>
    public static IServiceCollection AddPatientDocumentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.PostConfigure<TaskServicesOptions>(ServiceLimitDefaults.Apply);

        services.AddOptions<ActivityLogOptions>().Bind(configuration.GetSection(ActivityLogOptions.Section)).ValidateOnStart();
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
        services.AddSingleton<IValidateOptions<ActivityLogOptions>>(new OptionsValidator<ActivityLogOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<ConversionOptions>>(new OptionsValidator<ConversionOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<DocumentExchangeOptions>>(new OptionsValidator<DocumentExchangeOptions>(o => o.ValidateAll()));
        services.AddSingleton<IValidateOptions<StorageOptions>>(new OptionsValidator<StorageOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<TaskTrackerOptions>>(new OptionsValidator<TaskTrackerOptions>(o => o.Validate(TaskTrackerOptions.Section)));

        // A followed redirect is a second arrival at the service on one permit, so a 3xx is answered, not followed.
        services.AddHttpClient(DocumentExchangeClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.AddHttpClient(TaskTrackerClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(NoRedirects);

        services.TryAddSingleton<IPatientStore, InMemoryPatientStore>();
        services.TryAddSingleton(sp => new CsvActivityLog(
            PatientDocumentsModule.ActivityLogPath(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder),
            sp.GetRequiredService<TimeProvider>())
        {
            LockTimeout = sp.GetRequiredService<IOptions<ActivityLogOptions>>().Value.LockTimeout,
        });
        services.TryAddSingleton<ActivityLogPump>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ActivityLogPump>(sp => sp.GetRequiredService<ActivityLogPump>()));
        services.TryAddSingleton<ConversionMonitor>();
        services.TryAddSingleton<DocumentExchangeClient>();
        services.TryAddSingleton<DocumentStore>();
        services.TryAddSingleton<TaskTrackerClient>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskItemHandler, ConversionHandler>());
        return services;
    }

    private static SocketsHttpHandler NoRedirects() => new() { AllowAutoRedirect = false };
}

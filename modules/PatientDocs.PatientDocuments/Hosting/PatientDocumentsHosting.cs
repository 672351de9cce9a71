using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PatientDocs.Engine;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Tasks;
using PatientDocs.Engine.Triggers;
using PatientDocs.PatientDocuments.ActivityLog;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Clients.TaskTracker;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Endpoints;
using PatientDocs.PatientDocuments.Patients;
using PatientDocs.PatientDocuments.Storage;
using PatientDocs.Persistence;

namespace PatientDocs.PatientDocuments.Hosting;

/// <summary>The whole module, as the host registers it: <c>builder.AddPatientDocuments()</c> and <c>app.MapPatientDocuments()</c>.</summary>
public static class PatientDocumentsHosting
{
    /// <summary>
    /// Registers the module on a host that already registered the engine's store (call it after the host's own
    /// registration): its activities, the patients table (in the server's database when it has one, else in memory), the
    /// trigger's input validator, its start-up task, and the in-process simulators when they are mounted.
    /// </summary>
    public static WebApplicationBuilder AddPatientDocuments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWorkflowActivities(registry => registry.RegisterAssembly(PatientDocumentsModule.Assembly));
        services.AddModuleWorkflows("patient-documents", PatientDocumentsModule.Assembly);

        // The server's database, when it has one, also holds the module's patients table (its own schema scripts); else memory.
        if (services.Any(d => d.ServiceType == typeof(StoreOptions)))
        {
            services.AddPatientsDatabase();
        }

        services.AddPatientDocumentsModule(builder.Configuration);
        services.AddOptions<PatientsOptions>().Bind(builder.Configuration.GetSection(PatientsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PatientsOptions>>(new OptionsValidator<PatientsOptions>(o => o.Validate()));
        services.AddOptions<SimulatorHostingOptions>().Bind(builder.Configuration.GetSection(SimulatorHostingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorHostingOptions>, InProcessSimulatorsValidator>();

        services.AddSingleton<ITriggerInputValidator, PatientDocumentsInputValidator>();
        services.AddSingleton<IStartupTask, PatientDocumentsStartup>();
        builder.AddInProcessSimulators();
        return builder;
    }

    /// <summary>
    /// The module's routes: bulk runs, the activity log, conversion stats, and <c>/sim/…</c> when the simulators are mounted.
    /// The host decides who may call them (map them on a group that carries its access policy).
    /// </summary>
    public static IEndpointRouteBuilder MapPatientDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPatientDocumentsEndpoints();
        endpoints.MapInProcessSimulators();
        return endpoints;
    }

    /// <summary>The patients table in the database the engine's store registered (<see cref="StoreOptions"/>): schema scripts, context, store.</summary>
    public static IServiceCollection AddPatientsDatabase(this IServiceCollection services)
    {
        services.AddModuleSchema("patient_documents", PatientDocumentsModule.Assembly);
        services.AddPooledDbContextFactory<PatientsDbContext>((sp, options) => PersistenceServiceCollectionExtensions.Configure(options, sp.GetRequiredService<StoreOptions>()));
        services.AddSingleton<IPatientStore, EfPatientStore>();
        return services;
    }

    /// <summary>
    /// The module's services without a host (tests and tools): options (validated at start), the DocumentExchange and
    /// TaskTracker clients, document storage, the conversion handler and monitor, and the pump that feeds the activity-log
    /// CSV from the engine's store (IWorkflowStore, registered by the caller). IPatientStore defaults to memory.
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

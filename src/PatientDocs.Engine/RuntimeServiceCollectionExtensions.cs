using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Scheduling;
using PatientDocs.Engine.Storage;
using PatientDocs.Engine.Tasks;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// The durable runtime (and the engine, through <c>AddWorkflowEngine</c>): <see cref="WorkflowRuntime"/>, the instance and task workers (hosted), the queue catalog, the durable limits as a
    /// <see cref="PartitionedRateLimiter{TResource}"/> (<see cref="DurableRateLimiter"/>) and, unless
    /// one is already registered, the in-memory store. Bind options before or after: <c>PatientDocs</c> → <see cref="RuntimeOptions"/>,
    /// <c>PatientDocs:Services</c> → <see cref="TaskServicesOptions.Services"/>; both are validated at start.
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime(
        this IServiceCollection services,
        Action<RuntimeOptions>? configureRuntime = null,
        Action<TaskServicesOptions>? configureServices = null)
    {
        var runtime = services.AddOptions<RuntimeOptions>().ValidateOnStart();
        if (configureRuntime is not null)
        {
            runtime.Configure(configureRuntime);
        }

        var queues = services.AddOptions<TaskServicesOptions>().ValidateOnStart();
        if (configureServices is not null)
        {
            queues.Configure(configureServices);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RuntimeOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TaskServicesOptions>, RuntimeOptionsValidator>());
        services.AddOptions<ProgressOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProgressOptions>, ProgressOptionsValidator>());
        services.AddWorkflowEngine();

        // One TimeScale for everything: the interpreter's timers follow PatientDocs:TimeScale.
        services.Replace(ServiceDescriptor.Singleton(sp => new WorkflowInterpreter(
            sp.GetRequiredService<ActivityRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value with { TimeScale = sp.GetRequiredService<IOptions<RuntimeOptions>>().Value.TimeScale })));
        services.TryAddSingleton<IWorkflowStore, InMemoryWorkflowStore>();
        services.TryAddSingleton<DefinitionVersionCache>();
        services.TryAddSingleton<InstanceWorker>();
        services.TryAddSingleton<DurableRateLimiter>();
        services.TryAddSingleton<PartitionedRateLimiter<string>>(sp => sp.GetRequiredService<DurableRateLimiter>());
        services.TryAddSingleton(sp =>
        {
            var runtime = sp.GetRequiredService<IOptions<RuntimeOptions>>().Value;
            return new TaskQueueCatalog(
                sp.GetRequiredService<IOptions<TaskServicesOptions>>().Value, runtime.TimeScale, runtime.DefaultQueueSlots, sp.GetService<ILogger<TaskQueueCatalog>>());
        });
        services.TryAddSingleton<NodeCapacity>();
        services.AddOptions<EngineTelemetryOptions>().Validate(o => o.Validate().Count == 0, $"{EngineTelemetryOptions.SectionName}:StoreReadInterval must be positive.").ValidateOnStart();
        services.TryAddSingleton<EngineMetrics>();
        services.TryAddSingleton<TaskWorker>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<AlterationRunner>();
        services.TryAddSingleton<WorkSignal>();
        services.TryAddSingleton<HttpResponseWaiter>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<TaskWorker>());
        services.TryAddSingleton<ScheduleWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleWorker>());
        services.TryAddSingleton<ProgressFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ProgressFeed>());
        return services;
    }
}

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Validation;

namespace PatientDocs.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the activity registry (built-ins, <paramref name="configure"/>, then every module's
    /// <see cref="AddWorkflowActivities"/>), the interpreter, the validator and the system clock if none is registered.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<ActivityRegistry>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WorkflowEngineOptions>();
        services.TryAddSingleton(sp =>
        {
            var registry = new ActivityRegistry();
            configure?.Invoke(registry);
            foreach (var registration in sp.GetServices<ActivityRegistration>())
            {
                registration.Apply(registry);
            }

            return registry;
        });
        services.TryAddSingleton(sp => new WorkflowInterpreter(
            sp.GetRequiredService<ActivityRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value));
        services.TryAddSingleton<WorkflowValidator>();
        return services;
    }

    /// <summary>A module's activities: applied to the registry when it is built, whether before or after <see cref="AddWorkflowEngine"/>.</summary>
    public static IServiceCollection AddWorkflowActivities(this IServiceCollection services, Action<ActivityRegistry> register) =>
        services.AddSingleton(new ActivityRegistration(register));

    /// <summary>
    /// The workflows a module ships (<see cref="ModuleWorkflows"/>): every <c>workflows/*.json</c> embedded in
    /// <paramref name="assembly"/>, imported by the host at start.
    /// </summary>
    public static IServiceCollection AddModuleWorkflows(this IServiceCollection services, string module, Assembly assembly) =>
        services.AddSingleton(new ModuleWorkflows(module, assembly));
}

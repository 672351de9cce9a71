using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Validation;

namespace PatientDocs.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the activity registry (built-ins included), the interpreter, the validator and the system clock if none is registered.</summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<ActivityRegistry>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WorkflowEngineOptions>();
        services.TryAddSingleton(_ =>
        {
            var registry = new ActivityRegistry();
            configure?.Invoke(registry);
            return registry;
        });
        services.TryAddSingleton(sp => new WorkflowInterpreter(
            sp.GetRequiredService<ActivityRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value));
        services.TryAddSingleton<WorkflowValidator>();
        return services;
    }
}

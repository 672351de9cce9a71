using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.Llm;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

public static class SimulatorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers DocumentExchange and TaskTracker, bound to the <c>Simulators</c> section. TimeScale comes from
    /// <c>Simulators:TimeScale</c>, else <c>PatientDocs:TimeScale</c>, else 1. Uses the registered TimeProvider.
    /// </summary>
    public static IServiceCollection AddSimulators(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SimulatorsOptions>()
            .Bind(configuration.GetSection(SimulatorsOptions.SectionName))
            .PostConfigure(options =>
            {
                var scale = configuration[$"{SimulatorsOptions.SectionName}:TimeScale"] ?? configuration["PatientDocs:TimeScale"];
                options.TimeScale = scale is null ? 1 : double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorsOptions>, SimulatorsOptionsValidator>());
        services.TryAddSingleton<DocumentExchangeSimulator>();
        services.TryAddSingleton<LlmSimulator>();
        services.TryAddSingleton<TaskTrackerSimulator>();
        services.AddHostedService<SimulatorsStartup>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

/// <summary>Creates both simulators when the host starts, so scheduled outages count from the start.</summary>
internal sealed class SimulatorsStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<DocumentExchangeSimulator>();
        services.GetRequiredService<TaskTrackerSimulator>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<DocumentExchangeSimulator>().Gate.Outages.EndAll();
        services.GetRequiredService<TaskTrackerSimulator>().Gate.Outages.EndAll();
        return Task.CompletedTask;
    }
}

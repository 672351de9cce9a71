using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.Llm;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

/// <summary>Creates both simulators when the host starts, so scheduled outages count from the start.</summary>
internal sealed class SimulatorsStartup(IServiceProvider services) : IHostedService
{
    // Held from start: a host that failed to start may stop after its service provider is already disposed.
    private DocumentExchangeSimulator? _documentExchange;
    private TaskTrackerSimulator? _taskTracker;
    private LlmSimulator? _llm;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _documentExchange = services.GetRequiredService<DocumentExchangeSimulator>();
        _taskTracker = services.GetRequiredService<TaskTrackerSimulator>();
        _llm = services.GetRequiredService<LlmSimulator>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _documentExchange?.Gate.Outages.EndAll();
        _taskTracker?.Gate.Outages.EndAll();
        _llm?.Gate.Outages.EndAll();
        return Task.CompletedTask;
    }
}

using Microsoft.Extensions.Options;
using PatientDocs.Server.Importing;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Before any hosted service starts (the runtime's workers included): prepares the data folder, migrates the store, seeds
/// the demo patients and imports the workflow files.
/// </summary>
public sealed class StartupInitializer(IServiceProvider services, IOptions<ServerOptions> options) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataFolderPath());
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowImporter>().ImportAllAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

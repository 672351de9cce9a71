using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.Server.Importing;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Runs the modules' start-up tasks (seed data, a killed node's leftovers) and imports the workflow files. Registered after
/// the store's migration service and before the runtime's workers; hosted services start one after another in registration
/// order, so the schema is current here and no worker runs before the definitions exist.
/// </summary>
public sealed class StartupInitializer(
    IEnumerable<IStartupTask> tasks,
    WorkflowImporter importer,
    IOptions<ServerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataFolderPath());
        foreach (var task in tasks)
        {
            await task.RunAsync(cancellationToken);
        }

        await importer.ImportAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

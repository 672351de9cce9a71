using Microsoft.Extensions.Options;
using PatientDocs.Activities.Patients;
using PatientDocs.Server.Importing;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Seeds the demo patients and imports the workflow files. Registered after the store's migration service and before the
/// runtime's workers; hosted services start one after another in registration order, so the schema is current here and
/// no worker runs before the definitions exist.
/// </summary>
public sealed class StartupInitializer(IPatientStore patients, WorkflowImporter importer, IOptions<ServerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataFolderPath());
        await patients.SeedAsync(options.Value.Patients.SeedCount, cancellationToken);
        await importer.ImportAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

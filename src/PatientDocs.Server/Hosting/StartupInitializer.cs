using Microsoft.Extensions.Options;
using PatientDocs.Activities.Patients;
using PatientDocs.Activities.Storage;
using PatientDocs.Server.Importing;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Seeds the demo patients, imports the workflow files and removes temp files a killed process left in storage. Registered after the store's migration service and before the
/// runtime's workers; hosted services start one after another in registration order, so the schema is current here and
/// no worker runs before the definitions exist.
/// </summary>
public sealed class StartupInitializer(
    IPatientStore patients,
    WorkflowImporter importer,
    DocumentStore documents,
    IOptions<ServerOptions> options,
    ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataFolderPath());
        var leftovers = documents.DeleteLeftoverTempFiles();
        if (leftovers > 0)
        {
            logger.LogInformation("Deleted {Count} unfinished temp files left in document storage by an earlier process", leftovers);
        }

        await patients.SeedAsync(options.Value.Patients.SeedCount, cancellationToken);
        await importer.ImportAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

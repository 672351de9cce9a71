using Microsoft.Extensions.Options;
using PatientDocs.Activities.Patients;
using PatientDocs.Activities.Storage;
using PatientDocs.Server.Importing;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// Seeds the demo patients, imports the workflow files and removes the temp files this node left in the shared storage when it was killed. Registered after the store's migration service and before the
/// runtime's workers; hosted services start one after another in registration order, so the schema is current here and
/// no worker runs before the definitions exist.
/// </summary>
public sealed partial class StartupInitializer(
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
            LogLeftoversDeleted(logger, leftovers, documents.NodeId, documents.TempFolder);
        }

        await patients.SeedAsync(options.Value.Patients.SeedCount, cancellationToken);
        await importer.ImportAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} unfinished temp files node {NodeId} left in {TempFolder} when it stopped")]
    private static partial void LogLeftoversDeleted(ILogger logger, int count, string nodeId, string tempFolder);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.PatientDocuments.Patients;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Hosting;

/// <summary>
/// At start, before any worker runs: removes the temporary files this node left in the shared storage when it was killed
/// (no download of its own can be under way yet), then seeds the demo patients that are missing.
/// </summary>
public sealed partial class PatientDocumentsStartup(
    IPatientStore patients,
    DocumentStore documents,
    IOptions<PatientsOptions> options,
    ILogger<PatientDocumentsStartup> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var leftovers = documents.DeleteLeftoverTempFiles();
        if (leftovers > 0)
        {
            LogLeftoversDeleted(logger, leftovers, documents.NodeId, documents.TempFolder);
        }

        await patients.SeedAsync(options.Value.SeedCount, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} unfinished temp files node {NodeId} left in {TempFolder} when it stopped")]
    private static partial void LogLeftoversDeleted(ILogger logger, int count, string nodeId, string tempFolder);
}

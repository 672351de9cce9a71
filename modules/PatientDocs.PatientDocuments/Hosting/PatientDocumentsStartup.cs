using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.PatientDocuments.Clients;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Clients.TaskTracker;
using PatientDocs.PatientDocuments.Patients;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Hosting;

/// <summary>
/// At start, before any worker runs: removes the temporary files this node left in the shared storage when it was killed
/// (no download of its own can be under way yet), then seeds the demo patients that are missing and
/// warms what the first tasks would otherwise build: the patient lookup's compiled query and the services' HTTP clients.
/// </summary>
public sealed partial class PatientDocumentsStartup(
    IPatientStore patients,
    DocumentStore documents,
    IOptions<PatientsOptions> options,
    IHttpClientFactory httpClients,
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

        // The lookup every GetPatient task runs compiles its query on first use; run it once now (reads, changes nothing)
        // so the first patients started after a restart do not wait for that compilation.
        await patients.FindAsync(DemoPatients.Id(1), cancellationToken);
        WarmUpClients();
    }

    /// <summary>
    /// Builds each service's HttpClient (its handler chain, from the factory) and one JSON request body, sending nothing:
    /// built on the first task instead, they delayed the first DocumentExchange request of a fresh process by about 100 ms.
    /// </summary>
    private void WarmUpClients()
    {
        foreach (var name in (string[])[DocumentExchangeClient.HttpClientName, TaskTrackerClient.HttpClientName])
        {
            httpClients.CreateClient(name).Dispose();
        }

        using var request = ServiceCaller.JsonRequest(HttpMethod.Post, "warm-up", new { patientId = "", firstName = "", lastName = "" });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} unfinished temp files node {NodeId} left in {TempFolder} when it stopped")]
    private static partial void LogLeftoversDeleted(ILogger logger, int count, string nodeId, string tempFolder);
}

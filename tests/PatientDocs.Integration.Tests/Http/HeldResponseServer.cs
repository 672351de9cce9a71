using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// A server node on a given store (SQLite file or PostgreSQL database, so several nodes can share one) at TimeScale 1, with
/// its own node id, the trigger's response timeout, and workers on or off (off: another node runs the later bursts).
/// </summary>
public sealed class HeldResponseServer(string provider, string connectionString, string nodeId, TimeSpan responseTimeout, bool runWorkers = true) : ServerFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:Store:Provider"] = provider;
        settings["PatientDocs:Store:ConnectionString"] = connectionString;
        settings["PatientDocs:NodeId"] = nodeId;
        settings["PatientDocs:RunWorkers"] = runWorkers ? "true" : "false";
        settings["PatientDocs:TimeScale"] = "1";
        settings["PatientDocs:Http:ResponseTimeout"] = responseTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        settings["PatientDocs:Http:ResponsePollInterval"] = "00:00:00.050";
        settings["PatientDocs:Services:Http:Retry:InitialDelay"] = "00:00:00.050";
        settings["PatientDocs:Services:Http:Retry:MaxDelay"] = "00:00:00.200";
        return settings;
    }
}

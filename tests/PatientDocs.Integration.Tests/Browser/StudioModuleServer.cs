using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>
/// A module's server for Chromium: a real socket, SQLite (the modules answer 503 on the in-memory store), the browser
/// tests' API key, and the module's own settings.
/// </summary>
public sealed class StudioModuleServer : ServerFactory
{
    private readonly int _port = FreePort.Next();
    private readonly IReadOnlyDictionary<string, string?> _moduleSettings;

    private StudioModuleServer(IReadOnlyDictionary<string, string?> moduleSettings)
    {
        _moduleSettings = moduleSettings;
        UseKestrel(_port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    /// <summary>The orders module: TimeScale 1 so its sub-second activity timeouts are real, stubs that never fail or hang.</summary>
    public static StudioModuleServer Orders() => new(new Dictionary<string, string?>
    {
        ["PatientDocs:TimeScale"] = "1",
        ["PatientDocs:ImportModuleWorkflows"] = "true",
        ["Orders:ReviewTimeout"] = "01:00:00",
        ["Orders:Stubs:FailureRate"] = "0",
        ["Orders:Stubs:HangRate"] = "0",
    });

    /// <summary>The state-language module with its sample <c>order_processing_workflow</c> registered at start.</summary>
    public static StudioModuleServer StateLanguage() => new(new Dictionary<string, string?>
    {
        ["PatientDocs:StateLanguage:RegisterSample"] = "true",
    });

    /// <summary>
    /// The patient-documents module on the in-process simulators with a slow DocumentExchange limit (1 per 30 s, 500 ms at
    /// TimeScale 60), so a queue builds up, and a TaskTracker retry deadline of one second, so an outage becomes an incident.
    /// </summary>
    public static StudioModuleServer Operations(int patients) => new(new Dictionary<string, string?>
    {
        ["PatientDocs:TimeScale"] = "60",
        ["PatientDocs:ImportModuleWorkflows"] = "true",
        ["PatientDocs:Patients:SeedCount"] = patients.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PatientDocs:Simulators:InProcess"] = "true",
        ["PatientDocs:Services:DocumentExchange:Limits:SearchAndDownload:Permits"] = "1",
        ["PatientDocs:Services:DocumentExchange:Limits:SearchAndDownload:Period"] = "00:00:30",
        ["PatientDocs:Services:TaskTracker:Retry:Deadline"] = "00:01:00",
        ["Simulators:DocumentExchange:Distribution:LargeFraction"] = "0",
        ["Simulators:DocumentExchange:Distribution:SmallMaxFiles"] = "3",
        ["Simulators:DocumentExchange:JobSeconds"] = "2",
    });

    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", StudioBrowserServer.ApiKey);
        return client;
    }

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["urls"] = $"http://127.0.0.1:{_port}";
        settings["PatientDocs:ApiKey"] = StudioBrowserServer.ApiKey;
        settings["PatientDocs:Store:Provider"] = "Sqlite";
        settings["PatientDocs:Store:ConnectionString"] = $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}";
        settings["PatientDocs:Patients:SeedCount"] = "1";
        foreach (var (key, value) in _moduleSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}

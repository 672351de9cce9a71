using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>
/// The state-language module for Chromium: a real socket, SQLite (the module answers 503 on the in-memory store), the
/// sample <c>order_processing_workflow</c> registered at start, and the browser tests' API key.
/// </summary>
public sealed class StudioStateLanguageServer : ServerFactory
{
    private readonly int _port = FreePort.Next();

    public StudioStateLanguageServer()
    {
        UseKestrel(_port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

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
        settings["PatientDocs:StateLanguage:RegisterSample"] = "true";
        return settings;
    }
}

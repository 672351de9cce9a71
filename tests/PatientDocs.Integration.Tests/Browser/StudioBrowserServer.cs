using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Definitions;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.PatientDocuments;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>
/// The server on a real Kestrel socket (127.0.0.1, dynamic port) for Chromium, with the repository's workflows imported
/// plus a small fallback workflow of the browser tests. An API key is set, so the scripts sign in through Studio's page.
/// </summary>
public sealed class StudioBrowserServer : ServerFactory
{
    public const string FallbackDefinitionId = "studio-browser-hello";
    public const string PatientDocumentsDefinitionId = "patient-documents";
    public const string DragDefinitionId = "studio-browser-drag";
    public const string RunDefinitionId = "studio-browser-run";
    public const string TimeoutDefinitionId = "studio-browser-timeout";
    public const string ChildDefinitionId = "studio-browser-child";
    public const string ChildDefinitionName = "Studio browser child";
    public const string ApiKey = "browser-test-key-7d41c2";

    // A fixed port known before start: the in-process simulators are called at the server's own configured address.
    private readonly int _port = FreePort.Next();

    public StudioBrowserServer()
    {
        // The flagship as its module ships it, like a server started with the defaults.
        Overrides["PatientDocs:ImportModuleWorkflows"] = "true";

        // One copy of the small workflow per test that changes it, so the tests stay independent of their order.
        var hello = File.ReadAllText(Path.Combine(BrowserEnvironment.ScriptsFolder, "workflows", FallbackDefinitionId + ".json"));
        foreach (var id in new[] { FallbackDefinitionId, DragDefinitionId, RunDefinitionId, TimeoutDefinitionId })
        {
            File.WriteAllText(Path.Combine(WorkflowsFolder, id + ".json"), hello.Replace(FallbackDefinitionId, id, StringComparison.Ordinal));
        }

        // A published child with its own name, for Dispatch Workflow's picker.
        var child = hello.Replace(FallbackDefinitionId, ChildDefinitionId, StringComparison.Ordinal).Replace("Studio browser hello", ChildDefinitionName, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(WorkflowsFolder, ChildDefinitionId + ".json"), child);

        HasPatientDocuments = new ModuleWorkflows("patient-documents", typeof(PatientDocumentsModule).Assembly).Read()
            .Any(w => w.FileName == PatientDocumentsDefinitionId + ".json");
        UseKestrel(_port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["urls"] = $"http://127.0.0.1:{_port}";
        settings["PatientDocs:ApiKey"] = ApiKey;
        return settings;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    /// <summary>Whether the module ships patient-documents.json (otherwise the fallback workflow stands in).</summary>
    public bool HasPatientDocuments { get; }

    public string EditorDefinitionId => HasPatientDocuments ? PatientDocumentsDefinitionId : FallbackDefinitionId;

    /// <summary>A client of the API that presents the key.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }
}

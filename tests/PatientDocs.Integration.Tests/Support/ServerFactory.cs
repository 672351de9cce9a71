using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// One in-process server per test class: in-memory store (or SQLite with <see cref="UseSqlite"/>), a temp data folder and a
/// temp workflows folder, a high TimeScale. Override <see cref="Settings"/> to add or change configuration.
/// </summary>
public class ServerFactory : WebApplicationFactory<PatientDocs.Server.Program>
{
    public ServerFactory()
    {
        RootFolder = Path.Combine(Path.GetTempPath(), "patientdocs-tests", Guid.NewGuid().ToString("N"));
        DataFolder = Path.Combine(RootFolder, "data");
        WorkflowsFolder = Path.Combine(RootFolder, "workflows");
        Directory.CreateDirectory(DataFolder);
        Directory.CreateDirectory(WorkflowsFolder);
    }

    public string RootFolder { get; }

    public string DataFolder { get; }

    /// <summary>Empty at first; write <c>*.json</c> files here before the first request to have them imported.</summary>
    public string WorkflowsFolder { get; }

    /// <summary>Use a SQLite file in the data folder instead of the in-memory store.</summary>
    public bool UseSqlite { get; init; }

    /// <summary>Settings that win over <see cref="Settings"/> (a test's one change); unlike <c>UseSetting</c> they reach options bound late too.</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    /// <summary>The configuration the server starts with; later entries win.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["PatientDocs:DataFolder"] = DataFolder,
        ["PatientDocs:WorkflowsFolder"] = WorkflowsFolder,

        // A test owns every definition it uses; the module's flagship would claim the /patient-documents trigger path.
        ["PatientDocs:ImportModuleWorkflows"] = "false",
        ["PatientDocs:Store:Provider"] = UseSqlite ? "Sqlite" : "InMemory",
        ["PatientDocs:Store:ConnectionString"] = UseSqlite ? $"Data Source={Path.Combine(DataFolder, "patientdocs.db")}" : "",
        ["PatientDocs:TimeScale"] = "1000",
        ["PatientDocs:Patients:SeedCount"] = "200",
        ["PatientDocs:ApiKey"] = "",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = Settings();
        foreach (var (key, value) in Overrides)
        {
            settings[key] = value;
        }

        // Settings go in as host configuration so they are visible while services are registered (the store choice).
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(RootFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open (SQLite's pool) only leaves a temp folder behind.
            }
        }
    }
}

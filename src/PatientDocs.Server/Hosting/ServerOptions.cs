namespace PatientDocs.Server.Hosting;

/// <summary>The server's own settings, section <c>PatientDocs</c>.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "PatientDocs";

    /// <summary>SQLite file, documents and the activity log live here; relative to the current directory.</summary>
    public string DataFolder { get; set; } = "./data";

    /// <summary>Where <c>*.json</c> definitions are imported from; empty: the <c>workflows</c> folder found by walking up from the content root.</summary>
    public string? WorkflowsFolder { get; set; }

    /// <summary>When set, every <c>/elsa/api</c> call must carry <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public string? ApiKey { get; set; }

    public StoreOptions Store { get; set; } = new();

    public PatientsOptions Patients { get; set; } = new();
}

namespace PatientDocs.Server.Hosting;

/// <summary>The server's own settings, section <c>PatientDocs</c>.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "PatientDocs";

    /// <summary>The SQLite file and the modules' files live here; relative to the current directory.</summary>
    public string DataFolder { get; set; } = "./data";

    /// <summary>Where <c>*.json</c> definitions are imported from; empty: the <c>workflows</c> folder found by walking up from the content root.</summary>
    public string? WorkflowsFolder { get; set; }

    /// <summary>Import the workflows the modules ship (their <c>workflows/*.json</c>) at start; off for a server that holds only its own.</summary>
    public bool ImportModuleWorkflows { get; set; } = true;

    /// <summary>
    /// When set, every route that reads or changes data requires it (<c>Authorization: ApiKey &lt;key&gt;</c>, <c>X-Api-Key</c>
    /// or a Studio session); <c>/health</c> and HTTP triggers not marked <c>authorize</c> stay open.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Serve every route without a key on an address other machines can reach: an explicit opt-out.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Run a small built-in workflow through the interpreter, and the task claim once on a queue of its own, at start, so the
    /// first real bursts and claims do not pay for compiling them.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    public StoreOptions Store { get; set; } = new();
}

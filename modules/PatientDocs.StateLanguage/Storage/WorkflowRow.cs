namespace PatientDocs.StateLanguage.Storage;

/// <summary>A registered workflow version: its name and version as written, and the engine definition version it compiled to.</summary>
public sealed class WorkflowRow
{
    public string Name { get; set; } = "";

    /// <summary>As written ("1.0" stays "1.0").</summary>
    public string Version { get; set; } = "";
    public string DefinitionId { get; set; } = "";

    /// <summary>The engine's version number of <see cref="DefinitionId"/> this registration saved.</summary>
    public int EngineVersion { get; set; }

    /// <summary>The definition in the language's JSON form (states keyed by name), as <c>GET /workflows/{name}</c> answers it.</summary>
    public string Definition { get; set; } = "";
    public string StartAt { get; set; } = "";
    public int StateCount { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
}

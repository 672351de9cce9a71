using System.Reflection;

namespace PatientDocs.Engine.Definitions;

/// <summary>
/// The workflow definitions a module ships: its <c>workflows/*.json</c>, embedded in its assembly with the logical name
/// <c>workflows/&lt;file&gt;.json</c>. The host imports them at start like the files of its own workflows folder; a file
/// there with the same definition id overrides the module's, so a team can change a shipped workflow without forking.
/// </summary>
public sealed record ModuleWorkflows(string Module, Assembly Assembly)
{
    public const string ResourcePrefix = "workflows/";

    /// <summary>Each embedded definition's file name (the default definition id is its name without extension) and text.</summary>
    public IEnumerable<(string FileName, string Json)> Read()
    {
        foreach (var name in Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal))
        {
            using var stream = Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Resource {name} of module {Module} cannot be read.");
            using var reader = new StreamReader(stream);
            yield return (name[ResourcePrefix.Length..], reader.ReadToEnd());
        }
    }
}

namespace PatientDocs.Server.Studio;

/// <summary>Finds the installed <c>@elsa-workflows/elsa-studio-wasm</c> package (its root holds <c>_framework</c> and <c>_content</c>).</summary>
public static class StudioPackage
{
    public const string RelativePath = "Studio/node_modules/@elsa-workflows/elsa-studio-wasm";

    /// <summary>The package folder, or null when npm has not installed it.</summary>
    /// <param name="configuredPath">Optional override (<c>PatientDocs:StudioPath</c>).</param>
    public static string? Locate(string? configuredPath, string contentRoot, string appBase)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            candidates.Add(Path.GetFullPath(configuredPath, contentRoot));
        }

        // The server may run from its project folder, its build output (bin/… or .build/<slot>/…) or a test's output folder.
        foreach (var start in new[] { contentRoot, appBase })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                candidates.Add(Path.Combine(dir.FullName, RelativePath));
                candidates.Add(Path.Combine(dir.FullName, "src", "PatientDocs.Server", RelativePath));
            }
        }

        return candidates.FirstOrDefault(IsPackage);
    }

    private static bool IsPackage(string folder) =>
        File.Exists(Path.Combine(folder, "_framework", "blazor.webassembly.js"));
}

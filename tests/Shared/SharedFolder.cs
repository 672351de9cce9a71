namespace PatientDocs.Testing;

/// <summary>
/// The folders of ../shared (the Elsa conformance corpus, the toolbox examples), read in place and never copied into the
/// repository.
/// </summary>
public static class SharedFolder
{
    /// <summary>
    /// A folder of ../shared next to the repository root; for a clone made elsewhere from a local repository, next to the
    /// repository it was cloned from (its <c>origin</c>). Found nowhere, the first place looked, or the relative path when
    /// no root was found.
    /// </summary>
    public static string Locate(string folder) => Locate(folder, AppContext.BaseDirectory);

    /// <summary><see cref="Locate(string)"/> from <paramref name="start"/> upwards instead of the test assembly's folder.</summary>
    public static string Locate(string folder, string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", folder));
                if (Directory.Exists(beside) || LocalOrigin(dir.FullName) is not { } origin)
                {
                    return beside;
                }

                var besideOrigin = Path.GetFullPath(Path.Combine(origin, "..", "shared", folder));
                return Directory.Exists(besideOrigin) ? besideOrigin : beside;
            }
        }

        return $"../shared/{folder}";
    }

    /// <summary>The repository's <c>origin</c> when it is a folder on this machine (a clone of a local repository); else null.</summary>
    private static string? LocalOrigin(string root)
    {
        var config = Path.Combine(root, ".git", "config");
        if (!File.Exists(config))
        {
            return null;
        }

        // [remote "origin"] is followed by its url line; a local clone's url is a plain path.
        var inOrigin = false;
        foreach (var raw in File.ReadLines(config))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inOrigin = line == "[remote \"origin\"]";
            }
            else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                var url = line[(eq + 1)..].Trim();
                return Path.IsPathRooted(url) && Directory.Exists(url) ? url : null;
            }
        }

        return null;
    }
}

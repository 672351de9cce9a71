namespace PatientDocs.Engine.Tests.Support;

/// <summary>
/// Finds ../shared/elsa-conformance next to the repository root (the folder holding PatientDocs.sln), or next to the local
/// repository a clone was made from (see <see cref="LocateShared"/>). Without it the
/// corpus tests skip locally, saying why, and fail under CI (CI=true), where a missing corpus must not pass unnoticed.
/// </summary>
internal static class Corpus
{
    private const string Relative = "../shared/elsa-conformance";

    /// <summary>Where the corpus is expected: next to the repository root, or the relative path when no root was found.</summary>
    public static string Expected { get; } = LocateShared("elsa-conformance");

    public static string? Folder { get; } = Directory.Exists(Expected) ? Expected : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a corpus test skips here, or null when it runs: the corpus is present, or CI requires it.</summary>
    public static string? SkipReason => SkipReasonFor(Folder is not null, IsCi);

    public static string? SkipReasonFor(bool present, bool ci) => !present && !ci
        ? $"The Elsa conformance corpus ({Relative}, looked for at {Expected}) is absent; with CI=true these tests fail instead."
        : null;

    /// <summary>The corpus folder, or a failure that says where it was looked for.</summary>
    public static string RequireFolder()
    {
        if (Folder is null)
        {
            Assert.Fail($"The Elsa conformance corpus is missing: {Expected} does not exist. Put {Relative} next to the repository.");
        }

        return Folder!;
    }

    public static string Path(string file) => System.IO.Path.Combine(RequireFolder(), "workflows", file);

    /// <summary>
    /// A folder of ../shared next to the repository root; for a clone made elsewhere from a local repository, next to the
    /// repository it was cloned from (its <c>origin</c>). Found nowhere, the first place looked, or the relative path when
    /// no root was found.
    /// </summary>
    public static string LocateShared(string folder) => LocateShared(folder, AppContext.BaseDirectory);

    /// <summary><see cref="LocateShared(string)"/> from <paramref name="start"/> upwards instead of the test assembly's folder.</summary>
    public static string LocateShared(string folder, string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", folder));
                if (Directory.Exists(beside) || LocalOrigin(dir.FullName) is not { } origin)
                {
                    return beside;
                }

                var besideOrigin = System.IO.Path.GetFullPath(System.IO.Path.Combine(origin, "..", "shared", folder));
                return Directory.Exists(besideOrigin) ? besideOrigin : beside;
            }
        }

        return $"../shared/{folder}";
    }

    /// <summary>The repository's <c>origin</c> when it is a folder on this machine (a clone of a local repository); else null.</summary>
    private static string? LocalOrigin(string root)
    {
        var config = System.IO.Path.Combine(root, ".git", "config");
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
                return System.IO.Path.IsPathRooted(url) && Directory.Exists(url) ? url : null;
            }
        }

        return null;
    }
}

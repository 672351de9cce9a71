namespace PatientDocs.Integration.Tests.Browser;

/// <summary>Where Chromium, node and the playwright-core scripts are; installs the scripts' node modules once when missing.</summary>
internal static class BrowserEnvironment
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly Lazy<string?> Missing = new(FindMissing);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason => Missing.Value;

    public static string ScriptsFolder => Path.Combine(RepositoryRoot, "tests", "PatientDocs.Integration.Tests", "Browser");

    public static string ScreenshotsFolder => Path.Combine(RepositoryRoot, "artifacts", "screenshots");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? FindMissing()
    {
        if (!File.Exists(ChromiumPath))
        {
            return $"Chromium is not installed at {ChromiumPath} (apt-get install chromium).";
        }

        if (Run("node", "--version", RepositoryRoot) != 0)
        {
            return "node is not on PATH.";
        }

        var module = Path.Combine(ScriptsFolder, "node_modules", "playwright-core", "package.json");
        if (!File.Exists(module) && Run("npm", "ci --no-audit --no-fund", ScriptsFolder) != 0)
        {
            return $"playwright-core is not installed and `npm ci` failed in {ScriptsFolder}.";
        }

        return File.Exists(module) ? null : $"playwright-core is not installed in {ScriptsFolder} (run npm ci there).";
    }

    private static int Run(string file, string arguments, string workingDirectory)
    {
        try
        {
            using var process = ChildProcess.Start(file, arguments.Split(' '), workingDirectory);
            return process.WaitForExit(InstallTimeout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PatientDocs.sln not found above " + AppContext.BaseDirectory);
    }
}

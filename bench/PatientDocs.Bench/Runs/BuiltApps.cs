using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>The built Release dlls the bench starts as child processes.</summary>
public sealed record BuiltApps(string ServerDll, string SimulatorsDll)
{
    /// <summary>
    /// <c>dotnet app.dll</c> in its own folder, its output appended to <paramref name="logPath"/>; SIGKILLed on dispose. It runs
    /// with two native heap arenas, as the server's image and launch profile run it (<c>MALLOC_ARENA_MAX</c>, unless the bench's
    /// own environment or the caller sets it).
    /// </summary>
    public static ChildProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var withArenas = new Dictionary<string, string>(environment);
        if (Environment.GetEnvironmentVariable(ArenaMax) is null)
        {
            withArenas.TryAdd(ArenaMax, "2");
        }

        return ChildProcess.Start("dotnet", [dll], Path.GetDirectoryName(dll)!, withArenas, logPath);
    }

    private const string ArenaMax = "MALLOC_ARENA_MAX";
}

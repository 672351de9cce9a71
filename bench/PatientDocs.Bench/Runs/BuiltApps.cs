using PatientDocs.Testing;

namespace PatientDocs.Bench.Runs;

/// <summary>The built Release dlls the bench starts as child processes.</summary>
public sealed record BuiltApps(string ServerDll, string SimulatorsDll)
{
    /// <summary><c>dotnet app.dll</c> in its own folder, its output appended to <paramref name="logPath"/>; SIGKILLed on dispose.</summary>
    public static ChildProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string logPath) =>
        ChildProcess.Start("dotnet", [dll], Path.GetDirectoryName(dll)!, environment, logPath);
}

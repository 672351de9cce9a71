using System.Diagnostics;

namespace PatientDocs.Bench.Processes;

/// <summary>Builds a project in Release (unless told not to) and returns the path of its built dll.</summary>
public static class ProjectBuilder
{
    public static async Task<string> BuildAsync(string projectPath, bool build, CancellationToken cancellationToken)
    {
        if (build)
        {
            var (code, output) = await RunDotnetAsync(["build", projectPath, "-c", "Release", "-v", "q", "-nologo"], cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException($"dotnet build {projectPath} failed:\n{output}");
            }
        }

        var (propertyCode, targetPath) = await RunDotnetAsync(
            ["msbuild", projectPath, "-nologo", "-p:Configuration=Release", "-getProperty:TargetPath"], cancellationToken);
        var dll = targetPath.Trim();
        if (propertyCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"built dll of {projectPath} not found ('{dll}'); build it with dotnet build -c Release");
        }

        return dll;
    }

    private static async Task<(int Code, string Output)> RunDotnetAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}

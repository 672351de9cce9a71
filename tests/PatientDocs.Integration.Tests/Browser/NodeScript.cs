using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>Runs one playwright-core script against the server; the script prints its result as the last JSON line.</summary>
internal static class NodeScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<JsonObject> RunAsync(string script, StudioBrowserServer server, ITestOutputHelper output, IDictionary<string, string> arguments)
    {
        Assert.Null(BrowserEnvironment.MissingReason);
        var start = new ProcessStartInfo("node", Path.Combine(BrowserEnvironment.ScriptsFolder, script))
        {
            WorkingDirectory = BrowserEnvironment.ScriptsFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PD_BASE_URL"] = server.BaseUrl;
        start.Environment["PD_API_KEY"] = StudioBrowserServer.ApiKey;
        start.Environment["PD_CHROMIUM"] = BrowserEnvironment.ChromiumPath;
        start.Environment["PD_SCREENSHOTS"] = BrowserEnvironment.ScreenshotsFolder;
        foreach (var (key, value) in arguments)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var text = await stdout;
        var errors = await stderr;
        output.WriteLine(text);
        output.WriteLine(errors);
        var log = new StringBuilder().AppendLine(text).AppendLine(errors).ToString();
        Assert.False(timeout.IsCancellationRequested, $"{script} did not finish within {Timeout}:\n{log}");
        Assert.True(process.ExitCode == 0, $"{script} failed (exit {process.ExitCode}):\n{log}");
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(last is not null, $"{script} printed no result:\n{log}");
        return (JsonObject)JsonNode.Parse(last)!;
    }
}

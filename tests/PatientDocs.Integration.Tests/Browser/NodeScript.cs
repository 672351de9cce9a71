using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Browser;

/// <summary>Runs one playwright-core script against the server; the script prints its result as the last JSON line.</summary>
internal static class NodeScript
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ScriptMargin = TimeSpan.FromSeconds(20);

    /// <param name="timeout">How long the script may take; three minutes unless a long drawing needs more on a busy machine.</param>
    public static Task<JsonObject> RunAsync(string script, StudioBrowserServer server, ITestOutputHelper output, IDictionary<string, string> arguments, TimeSpan? timeout = null) =>
        RunAsync(script, server.BaseUrl, output, arguments, timeout);

    /// <param name="baseUrl">The server the script drives; it presents <see cref="StudioBrowserServer.ApiKey"/>.</param>
    public static async Task<JsonObject> RunAsync(string script, string baseUrl, ITestOutputHelper output, IDictionary<string, string> arguments, TimeSpan? timeout = null)
    {
        Assert.Null(BrowserEnvironment.MissingReason);
        var limit = timeout ?? DefaultTimeout;
        var environment = new Dictionary<string, string>
        {
            // The script stops itself a little before it would be killed, so its screenshot and API log are kept.
            ["PD_SCRIPT_BUDGET_MS"] = ((long)(limit - ScriptMargin).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PD_BASE_URL"] = baseUrl,
            ["PD_API_KEY"] = StudioBrowserServer.ApiKey,
            ["PD_CHROMIUM"] = BrowserEnvironment.ChromiumPath,
            ["PD_SCREENSHOTS"] = BrowserEnvironment.ScreenshotsFolder,
        };
        foreach (var (key, value) in arguments)
        {
            environment[key] = value;
        }

        using var process = ChildProcess.Start("node", [Path.Combine(BrowserEnvironment.ScriptsFolder, script)], BrowserEnvironment.ScriptsFolder, environment);
        var exitCode = await process.WaitForExitAsync(limit);
        var log = process.Output;
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"{script} failed (exit {exitCode}):\n{log}");
        var text = process.StandardOutput;
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(last is not null, $"{script} printed no result:\n{log}");
        return (JsonObject)JsonNode.Parse(last)!;
    }
}

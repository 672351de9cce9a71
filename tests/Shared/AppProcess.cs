using System.Diagnostics;

namespace PatientDocs.Testing;

/// <summary>
/// A built web app of this solution (<c>dotnet App.dll</c> from the test's build folder) run as its own process on a
/// loopback port, so a test can SIGKILL it and start it again.
/// </summary>
public sealed class AppProcess : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    private readonly ChildProcess _process;

    private AppProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    public string OutputTail => _process.OutputTail;

    /// <summary>
    /// Starts <paramref name="assemblyName"/>.dll on <paramref name="port"/> (a free one when null) and returns once the host
    /// has said it started and <paramref name="readyPath"/> then answers with success. The environment variables add to
    /// warnings-only logging; <paramref name="hostEnvironment"/> null names none, as a bare <c>dotnet App.dll</c> would; the
    /// working directory defaults to one without an appsettings.json.
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        string assemblyName,
        string readyPath,
        IEnumerable<string> arguments,
        int? port = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? hostEnvironment = "Production")
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: the test project references {assemblyName}, so its build must put it there.", dll);
        }

        var chosen = port ?? FreePort.Next();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["Logging__LogLevel__Default"] = "Warning" };
        if (hostEnvironment is not null)
        {
            settings["ASPNETCORE_ENVIRONMENT"] = hostEnvironment;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        // Readiness is read from the host's own start line, so that line is always logged.
        settings["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = ChildProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{chosen}", .. arguments], workingDirectory ?? Path.GetTempPath(), settings);
        var app = new AppProcess(process, chosen);
        try
        {
            await app.WaitUntilReadyAsync(readyPath);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <inheritdoc cref="ChildProcess.Kill"/>
    public void Kill() => _process.Kill();

    /// <inheritdoc cref="ChildProcess.Kill"/>
    public Task KillAsync() => _process.KillAsync();

    public void Dispose()
    {
        _process.Dispose();
        Client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Client.Dispose();
    }

    private async Task WaitUntilReadyAsync(string readyPath)
    {
        var clock = Stopwatch.StartNew();
        // "Application started" is logged once every hosted service has started (the store's migrations among them) and Kestrel listens.
        await _process.WaitForLineAsync(line => line.Contains("Application started", StringComparison.Ordinal), StartDeadline);
        var remaining = StartDeadline - clock.Elapsed;
        using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        HttpResponseMessage response;
        try
        {
            response = await Client.GetAsync(readyPath, deadline.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            throw new InvalidOperationException($"{BaseAddress}{readyPath.TrimStart('/')} did not answer once the app had started: {e.Message}\n{OutputTail}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{BaseAddress}{readyPath.TrimStart('/')} answered {(int)response.StatusCode} once the app had started:\n{OutputTail}");
            }
        }
    }
}

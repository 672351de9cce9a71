using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PatientDocs.Integration.Tests.Durability;

/// <summary>
/// A built app (the server or the simulators) run as its own process with <c>dotnet &lt;dll&gt;</c> on a free loopback port,
/// so a test can SIGKILL it and start it again. Its output is kept for the failure message.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ChildProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="assemblyName"/>.dll from the test's build folder and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ChildProcess> StartAsync(string assemblyName, string readyPath, IEnumerable<string> arguments, int? port = null)
    {
        var chosen = port ?? FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references {assemblyName}, so its build must put it there.");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // A folder without appsettings.json: every setting the test relies on is on the command line.
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{chosen}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var child = new ChildProcess(Process.Start(info)!, chosen);
        child.process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        await child.WaitUntilReadyAsync(readyPath);
        return child;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; leases and half-done work stay as they were.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(string readyPath)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The process exited with {process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(readyPath, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
                // A slow first answer; ask again.
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"{readyPath} did not answer 200 within 2 minutes:\n{Output}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Keep the tail: a failing run's last lines are the ones that explain it.
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }

            output.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

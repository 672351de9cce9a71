using System.Diagnostics;
using System.Text;

namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>A built app of this solution (<c>dotnet App.dll</c>) on a real socket; <see cref="Kill"/> is a SIGKILL, as a crash would be.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public ServerProcess(string dllName, int port, IReadOnlyDictionary<string, string> environment)
    {
        _dll = Path.Combine(AppContext.BaseDirectory, dllName);
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    /// <summary>Starts the process and waits until <paramref name="readyPath"/> answers 200.</summary>
    public async Task StartAsync(string readyPath, TimeSpan deadline)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(_dll);
        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{_dll} exited with {process.ExitCode} before answering:\n{OutputTail}");
            }

            try
            {
                using var response = await Http.GetAsync(readyPath, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{_dll} did not answer {readyPath} within {deadline}:\n{OutputTail}");
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, whatever was in flight is lost.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}

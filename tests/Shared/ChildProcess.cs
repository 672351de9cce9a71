using System.Diagnostics;
using System.Text;

namespace PatientDocs.Testing;

/// <summary>
/// A program a test or the bench runs as its own process: its output is kept for failure messages (and appended to a log
/// file when given one), a wait ends on a line it prints or on its exit (never on a pause), and killing or disposing it
/// ends the whole process tree.
/// </summary>
public sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    // A failing run's last lines are the ones that explain it; a long run's first ones are dropped past this.
    private const int KeptCharacters = 200_000;
    private const int TailCharacters = 4_000;
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _name;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _watches = [];
    private readonly StreamWriter? _log;
    private bool _disposed;

    private ChildProcess(Process process, string name, StreamWriter? log)
    {
        _process = process;
        _name = name;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and standard error, line by line as they arrived.</summary>
    public string Output => Read(_output);

    public string StandardOutput => Read(_standardOutput);

    /// <summary>The last few thousand characters of <see cref="Output"/>, for a failure message.</summary>
    public string OutputTail
    {
        get
        {
            var output = Output;
            return output.Length > TailCharacters ? output[^TailCharacters..] : output;
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/>; the environment adds to (or overrides) the caller's own. With
    /// <paramref name="logPath"/>, every line of output is also appended to that file.
    /// </summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        string? logPath = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var log = logPath is null ? null : new StreamWriter(logPath, append: true) { AutoFlush = true };
        var child = new ChildProcess(process, $"{fileName} {info.ArgumentList.FirstOrDefault()}".TrimEnd(), log);
        process.OutputDataReceived += (_, e) => child.Append(e.Data, standardOutput: true);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, standardOutput: false);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log?.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when a line matching <paramref name="match"/> has been printed (before this call or after); fails if the process exits first.</summary>
    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var watch = (Match: match, Seen: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_output)
        {
            if (_output.ToString().Split('\n').Any(line => match(line.TrimEnd('\r'))))
            {
                return;
            }

            _watches.Add(watch);
        }

        try
        {
            // Exiting ends the output too: once the exit is seen, every line the process printed has been read.
            await Task.WhenAny(watch.Seen.Task, _process.WaitForExitAsync()).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} printed no awaited line within {timeout}:\n{OutputTail}");
        }
        finally
        {
            lock (_output)
            {
                _watches.Remove(watch);
            }
        }

        if (!watch.Seen.Task.IsCompleted)
        {
            throw new InvalidOperationException($"{_name} exited with {_process.ExitCode} before printing the awaited line:\n{OutputTail}");
        }
    }

    /// <summary>The exit code; past <paramref name="timeout"/> the process tree is killed and the wait fails.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new TimeoutException($"{_name} did not exit within {timeout}:\n{OutputTail}");
        }

        return _process.ExitCode;
    }

    /// <summary>As <see cref="WaitForExitAsync"/>, blocking, for callers that cannot await (a lazy check).</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"{_name} did not exit within {timeout}:\n{OutputTail}");
        }

        // The parameterless wait would also wait for the output's end, forever if a grandchild kept the pipe open.
        _process.WaitForExit(KillWait);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the whole tree: no shutdown hooks, no flush, as a crash would be.</summary>
    public void Kill()
    {
        SendKill();
        _process.WaitForExit(KillWait);
    }

    /// <inheritdoc cref="Kill"/>
    public async Task KillAsync()
    {
        SendKill();
        try
        {
            // Bounded: the wait also awaits the output's end, which a surviving grandchild holding the pipe would delay forever.
            await _process.WaitForExitAsync().WaitAsync(KillWait);
        }
        catch (TimeoutException)
        {
            // The process itself is gone or going; a stray pipe holder must not hang the caller.
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            Kill();
            _process.Dispose();
            CloseLog();
            _disposed = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            await KillAsync();
            _process.Dispose();
            CloseLog();
            _disposed = true;
        }
    }

    private void CloseLog()
    {
        if (_log is not null)
        {
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }

    private void SendKill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private void Append(string? line, bool standardOutput)
    {
        if (line is null)
        {
            return;
        }

        var seen = new List<TaskCompletionSource>();
        lock (_output)
        {
            Keep(_output, line);
            seen.AddRange(_watches.Where(w => w.Match(line)).Select(w => w.Seen));
        }

        if (_log is not null)
        {
            lock (_log)
            {
                try
                {
                    _log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // Output racing the dispose is dropped.
                }
            }
        }

        if (standardOutput)
        {
            lock (_standardOutput)
            {
                Keep(_standardOutput, line);
            }
        }

        foreach (var watch in seen)
        {
            watch.TrySetResult();
        }
    }

    private static void Keep(StringBuilder text, string line)
    {
        if (text.Length > KeptCharacters)
        {
            text.Remove(0, text.Length - (KeptCharacters / 2));
        }

        text.AppendLine(line);
    }
}

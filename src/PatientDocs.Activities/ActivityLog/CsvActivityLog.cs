using System.Globalization;
using System.Text;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Activities.ActivityLog;

/// <summary>
/// Appends activity events to a CSV file shared by threads and processes: each record is written whole while the file is
/// held open exclusively (FileShare.None, an OS lock between processes), and a writer that finds it busy retries.
/// </summary>
public sealed class CsvActivityLog(string path, TimeProvider time) : IDisposable
{
    public static readonly string[] Header =
        ["timestamp", "phase", "instanceId", "activityId", "activityType", "activityName", "arguments", "result"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly SemaphoreSlim _local = new(1, 1);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>How long a writer keeps retrying while another process holds the file.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static string Format(ActivityEvent e) => CsvFormat.Record(
    [
        e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        e.Phase,
        e.InstanceId,
        e.ActivityId,
        e.ActivityType,
        e.ActivityName,
        e.Arguments,
        e.Result,
    ]);

    public Task AppendAsync(ActivityEvent activityEvent, CancellationToken cancellationToken = default) =>
        AppendAsync([activityEvent], cancellationToken);

    /// <summary>Appends the events in order with one open and one write of the file.</summary>
    public async Task AppendAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        var record = Utf8.GetBytes(string.Concat(events.Select(Format)));
        await _local.WaitAsync(cancellationToken);
        try
        {
            await using var stream = await OpenExclusiveAsync(cancellationToken);
            if (stream.Length == 0)
            {
                await stream.WriteAsync(Utf8.GetBytes(CsvFormat.Record(Header)), cancellationToken);
            }

            // One write call for the whole batch, made while the file is held exclusively.
            await stream.WriteAsync(record, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            _local.Release();
        }
    }

    public void Dispose() => _local.Dispose();

    private async Task<FileStream> OpenExclusiveAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var deadline = time.GetUtcNow() + LockTimeout;
        var wait = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                return new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.None, 4096, useAsync: false);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(wait, time, cancellationToken);
                wait = TimeSpan.FromMilliseconds(Math.Min(50, wait.TotalMilliseconds * 2));
            }
        }
    }
}

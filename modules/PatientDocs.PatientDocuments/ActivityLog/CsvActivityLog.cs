using System.Globalization;
using System.Text;
using PatientDocs.Engine.Storage;

namespace PatientDocs.PatientDocuments.ActivityLog;

/// <summary>
/// The activity-log CSV file, a copy of the store's activity log in sequence order. The file is its own cursor: its last
/// record's sequence says what was copied. Every append holds the file exclusively (FileShare.None, an OS lock between
/// processes), repairs a record torn by a crash, reads the last sequence and appends the lines after it in one write, so
/// several processes sharing the file append each line once.
/// </summary>
public sealed class CsvActivityLog(string path, TimeProvider time) : IDisposable
{
    public static readonly string[] Header =
        ["timestamp", "phase", "instanceId", "activityId", "activityType", "activityName", "arguments", "result", "executionId", "sequence"];

    private const int FingerprintLength = 64;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] HeaderBytes = Utf8.GetBytes(CsvFormat.Record(Header));

    private readonly SemaphoreSlim _local = new(1, 1);

    // What this object last saw at the end of the file; valid while the file still ends with the same bytes there.
    private (long Length, long LastSequence, byte[] Fingerprint)? _known;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>How long an append keeps retrying while another process holds the file.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static string Format(ActivityLogRecord record)
    {
        var e = record.Event;
        return CsvFormat.Record(
        [
            e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            e.Phase,
            e.InstanceId,
            e.ActivityId,
            e.ActivityType,
            e.ActivityName,
            e.Arguments,
            e.Result,
            e.ExecutionId,
            record.Sequence?.ToString(CultureInfo.InvariantCulture),
        ]);
    }

    /// <summary>
    /// Appends up to <paramref name="max"/> sequenced lines of <paramref name="store"/> after the file's last one. A file that
    /// is not a copy of this table (another format, another database) is moved aside and the copy starts again from line 1.
    /// </summary>
    public async Task<CsvAppendResult> AppendAsync(IWorkflowStore store, int max, CancellationToken cancellationToken = default)
    {
        await _local.WaitAsync(cancellationToken);
        try
        {
            string? movedAside = null;
            while (true)
            {
                var stream = await OpenExclusiveAsync(cancellationToken);
                await using (stream)
                {
                    var tail = await FindTailAsync(stream, store, cancellationToken);
                    if (tail is null)
                    {
                        movedAside = MoveAside();
                        _known = null;
                        continue;
                    }

                    var cut = stream.Length - tail.Boundary;
                    if (cut > 0)
                    {
                        stream.SetLength(tail.Boundary);
                    }

                    var records = await store.ReadActivityLogAsync(tail.LastSequence, max, cancellationToken);
                    var last = tail.LastSequence;
                    if (records.Count > 0)
                    {
                        last = await WriteAsync(stream, records, last, cancellationToken);
                    }
                    else if (stream.Length == 0)
                    {
                        await stream.WriteAsync(HeaderBytes, cancellationToken);
                        await stream.FlushAsync(cancellationToken);
                    }

                    _known = (stream.Length, last, await FingerprintAsync(stream, cancellationToken));
                    return new CsvAppendResult(tail.LastSequence, last, records.Count, cut, movedAside);
                }
            }
        }
        finally
        {
            _local.Release();
        }
    }

    public void Dispose() => _local.Dispose();

    private static async Task<long> WriteAsync(FileStream stream, IReadOnlyList<ActivityLogRecord> records, long last, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (stream.Length == 0)
        {
            text.Append(CsvFormat.Record(Header));
        }

        foreach (var record in records)
        {
            if (record.Sequence is not { } sequence || sequence <= last)
            {
                throw new InvalidOperationException($"The activity log returned line {record.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "(unsequenced)"} after line {last}.");
            }

            text.Append(Format(record));
            last = sequence;
        }

        // One write call for the whole batch while the file is held: a crash leaves at most one torn record at the end.
        stream.Seek(0, SeekOrigin.End);
        await stream.WriteAsync(Utf8.GetBytes(text.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        return last;
    }

    /// <summary>The file's complete records up to the last; null when the file is not a copy of <paramref name="store"/>'s log.</summary>
    private async Task<CsvTail?> FindTailAsync(FileStream stream, IWorkflowStore store, CancellationToken cancellationToken)
    {
        if (_known is { } known && stream.Length >= known.Length
            && (await ReadAsync(stream, known.Length - known.Fingerprint.Length, known.Fingerprint.Length, cancellationToken)).AsSpan().SequenceEqual(known.Fingerprint))
        {
            // Unchanged since this object's last append, or grown by another process's appends: read only what is new.
            var grown = await CsvTail.ScanAsync(stream, known.Length, known.LastSequence, Header.Length, cancellationToken);
            return grown.Wellformed ? grown : null;
        }

        var head = await ReadAsync(stream, 0, (int)Math.Min(HeaderBytes.Length, stream.Length), cancellationToken);
        if (!HeaderBytes.AsSpan().StartsWith(head))
        {
            return null;
        }

        if (head.Length < HeaderBytes.Length)
        {
            // Empty, or a header torn by a crash.
            return new CsvTail(0, 0, -1, Wellformed: true);
        }

        var tail = await CsvTail.ScanAsync(stream, HeaderBytes.Length, 0, Header.Length, cancellationToken);
        if (!tail.Wellformed)
        {
            return null;
        }

        if (tail.LastSequence == 0)
        {
            return tail;
        }

        // The file continues this table only if its last record is the table's line with that sequence.
        var line = await store.ReadActivityLogAsync(tail.LastSequence - 1, 1, cancellationToken);
        var written = await ReadAsync(stream, tail.LastRecordStart, (int)(tail.Boundary - tail.LastRecordStart), cancellationToken);
        return line.Count == 1 && line[0].Sequence == tail.LastSequence && Utf8.GetBytes(Format(line[0])).AsSpan().SequenceEqual(written) ? tail : null;
    }

    private string MoveAside()
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var target = $"{Path}.{stamp}.old";
        for (var i = 1; File.Exists(target); i++)
        {
            target = $"{Path}.{stamp}-{i}.old";
        }

        // Renaming keeps the open handle on the old file, so nothing can slip into it between the check and the move.
        File.Move(Path, target);
        return target;
    }

    private static async Task<byte[]> FingerprintAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(FingerprintLength, stream.Length);
        return await ReadAsync(stream, stream.Length - length, length, cancellationToken);
    }

    private static async Task<byte[]> ReadAsync(FileStream stream, long offset, int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        stream.Position = offset;
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private async Task<FileStream> OpenExclusiveAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var deadline = time.GetUtcNow() + LockTimeout;
        var wait = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, useAsync: false);
            }
            catch (IOException) when (File.Exists(Path) && time.GetUtcNow() < deadline)
            {
                // Held by another writer; any other failure (no such folder, no space) is the caller's to retry.
                await Task.Delay(wait, time, cancellationToken);
                wait = TimeSpan.FromMilliseconds(Math.Min(50, wait.TotalMilliseconds * 2));
            }
        }
    }
}

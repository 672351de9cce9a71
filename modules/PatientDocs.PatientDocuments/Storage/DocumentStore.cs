using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PatientDocs.PatientDocuments.Storage;

/// <summary>
/// The document storage, shared by every node: deterministic paths per workflow instance
/// (<c>{Root}/{patientId}/{instanceId}/…</c>), so a re-run after a crash overwrites the same files instead of duplicating
/// them and a second run for the same patient never sees the first one's files. Writes are atomic: a temporary file in
/// this node's own folder <c>{Root}/.tmp/{NodeId}</c>, flushed, then renamed into place (one file system, so the rename
/// is atomic and a reader never sees half a file); each node deletes only its own temporary files.
/// </summary>
public sealed partial class DocumentStore(IOptions<StorageOptions> options)
{
    public const string TempSuffix = ".partial";

    /// <summary>The folder under the root that holds every node's temporary files; no patient id can start with a dot.</summary>
    public const string TempFolderName = ".tmp";

    private readonly StorageOptions _options = options.Value;

    public StorageOptions Options => _options;

    public string DocumentsRoot { get; } = options.Value.ResolvedRoot();

    /// <summary>Whose temporary files this process writes and, at start, deletes.</summary>
    public string NodeId { get; } = options.Value.ResolvedNodeId();

    /// <summary>Where this node's temporary files go: nobody else writes or deletes there.</summary>
    public string TempFolder => Path.Combine(DocumentsRoot, TempFolderName, NodeId);

    public string PatientFolder(string patientId) => Path.Combine(DocumentsRoot, SafeSegment(patientId, "Patient id"));

    /// <summary>One workflow instance's files: what it downloaded, converted and reported.</summary>
    public string InstanceFolder(string patientId, string instanceId) =>
        Path.Combine(PatientFolder(patientId), SafeSegment(instanceId, "Instance id"));

    public string RawFolder(string patientId, string instanceId) => Path.Combine(InstanceFolder(patientId, instanceId), "raw");

    public string PdfFolder(string patientId, string instanceId) => Path.Combine(InstanceFolder(patientId, instanceId), "pdf");

    public string ReportPath(string patientId, string instanceId) => Path.Combine(InstanceFolder(patientId, instanceId), "report.txt");

    /// <summary>A fresh path in this node's temporary folder, for a download in progress; the caller deletes it.</summary>
    public string NewTempFile(string name = "download")
    {
        Directory.CreateDirectory(TempFolder);
        return Path.Combine(TempFolder, $"{name}.{Guid.NewGuid():N}{TempSuffix}");
    }

    public Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAtomicAsync(path, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>Writes to a temporary file of this node, flushes it, then renames it over <paramref name="path"/>.</summary>
    public async Task WriteAtomicAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var name = Path.GetFileName(path);
        var temp = NewTempFile(name.Length > 40 ? name[..40] : name);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Deletes the temporary files this node left when it was killed (downloads and atomic writes it never finished). Call
    /// it before any worker runs: nothing of this node can be in progress then, and other nodes' files are not touched,
    /// since theirs may be in progress right now.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public int DeleteLeftoverTempFiles()
    {
        if (!Directory.Exists(TempFolder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(TempFolder, "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Files under the instance's raw/, as relative paths with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> ListRaw(string patientId, string instanceId) => List(RawFolder(patientId, instanceId));

    /// <summary>Files under the instance's pdf/, as relative paths with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> ListPdf(string patientId, string instanceId) => List(PdfFolder(patientId, instanceId));

    /// <summary>Resolves a relative path under <paramref name="root"/>, refusing anything that would leave it.</summary>
    public static string ResolveUnder(string root, string relativePath)
    {
        var fullRoot = Path.GetFullPath(root);
        var normalized = relativePath.Replace('\\', '/');
        if (normalized.Length == 0 || normalized.StartsWith('/') || Path.IsPathRooted(normalized) || normalized.Contains(':', StringComparison.Ordinal))
        {
            throw new ArchiveRejectedException($"Path '{relativePath}' is absolute.");
        }

        var full = Path.GetFullPath(Path.Combine(fullRoot, normalized));
        var rootWithSeparator = fullRoot.EndsWith(Path.DirectorySeparatorChar) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ArchiveRejectedException($"Path '{relativePath}' leaves the target folder.");
        }

        return full;
    }

    private static string SafeSegment(string? id, string what) =>
        SafeId().IsMatch(id ?? "")
            ? id!
            : throw new ArgumentException($"{what} '{id}' is not a safe folder name (letters, digits, '-', '_', 1–64).", nameof(id));

    private static List<string> List(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeId();
}

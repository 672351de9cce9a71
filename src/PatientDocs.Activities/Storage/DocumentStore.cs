using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PatientDocs.Activities.Storage;

/// <summary>
/// The document storage: deterministic paths per patient, atomic writes (temp file + rename), so a re-run after a crash
/// overwrites the same files instead of duplicating them and a reader never sees half a file.
/// </summary>
public sealed partial class DocumentStore(IOptions<StorageOptions> options)
{
    public const string TempSuffix = ".partial";

    private readonly StorageOptions _options = options.Value;

    public StorageOptions Options => _options;

    public string DocumentsRoot => Path.GetFullPath(Path.Combine(_options.DataFolder, "documents"));

    public string PatientFolder(string patientId)
    {
        if (!SafeId().IsMatch(patientId ?? ""))
        {
            throw new ArgumentException($"Patient id '{patientId}' is not a safe folder name (letters, digits, '-', '_', 1–64).", nameof(patientId));
        }

        return Path.Combine(DocumentsRoot, patientId!);
    }

    public string RawFolder(string patientId) => Path.Combine(PatientFolder(patientId), "raw");

    public string PdfFolder(string patientId) => Path.Combine(PatientFolder(patientId), "pdf");

    public string ReportPath(string patientId) => Path.Combine(PatientFolder(patientId), "report.txt");

    /// <summary>A fresh path for a download in progress; the caller deletes it.</summary>
    public string NewTempFile(string patientId)
    {
        var folder = Path.Combine(PatientFolder(patientId), "tmp");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}{TempSuffix}");
    }

    public static async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        await WriteAtomicAsync(path, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>Writes to a temp file beside <paramref name="path"/>, flushes it, then renames it over the target.</summary>
    public static async Task WriteAtomicAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
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
    /// Deletes the temp files a killed process left behind (downloads and atomic writes it never finished). Call it before
    /// any worker runs: the data folder belongs to one server process, so no write of ours can be in progress then.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public int DeleteLeftoverTempFiles()
    {
        if (!Directory.Exists(DocumentsRoot))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(DocumentsRoot, $"*{TempSuffix}", SearchOption.AllDirectories))
        {
            File.Delete(file);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Files under raw/, as relative paths with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> ListRaw(string patientId) => List(RawFolder(patientId));

    /// <summary>Files under pdf/, as relative paths with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> ListPdf(string patientId) => List(PdfFolder(patientId));

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

    private static List<string> List(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(TempSuffix, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeId();
}

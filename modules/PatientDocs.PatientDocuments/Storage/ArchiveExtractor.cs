using System.IO.Compression;

namespace PatientDocs.PatientDocuments.Storage;

/// <summary>
/// Extracts a zip into a folder safely: every entry is checked (path traversal, absolute paths, entry count, declared
/// sizes) before anything is written, and actual sizes are re-checked while copying because headers can lie.
/// </summary>
public static class ArchiveExtractor
{
    /// <returns>The number of files written.</returns>
    public static async Task<int> ExtractAsync(string zipPath, string targetFolder, DocumentStore store, CancellationToken cancellationToken = default)
    {
        var limits = store.Options;
        try
        {
            await using var zip = await ZipFile.OpenReadAsync(zipPath, cancellationToken);
            var files = Plan(zip, targetFolder, limits);
            long total = 0;
            foreach (var (entry, path) in files)
            {
                await store.WriteAtomicAsync(path, async (target, token) =>
                {
                    await using var source = await entry.OpenAsync(token);
                    total += await CopyCappedAsync(source, target, entry.FullName, limits, limits.MaxArchiveBytes - total, token);
                }, cancellationToken);
            }

            return files.Count;
        }
        catch (InvalidDataException ex)
        {
            throw new ArchiveRejectedException($"The archive is corrupt: {ex.Message}", ex);
        }
    }

    private static List<(ZipArchiveEntry Entry, string Path)> Plan(ZipArchive zip, string targetFolder, StorageOptions limits)
    {
        if (zip.Entries.Count > limits.MaxArchiveEntries)
        {
            throw new ArchiveRejectedException($"The archive has {zip.Entries.Count} entries; at most {limits.MaxArchiveEntries} are allowed.");
        }

        var files = new List<(ZipArchiveEntry, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long declared = 0;
        foreach (var entry in zip.Entries)
        {
            var path = DocumentStore.ResolveUnder(targetFolder, entry.FullName);
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                continue;
            }

            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new ArchiveRejectedException($"Entry '{entry.FullName}' is {entry.Length} bytes uncompressed; at most {limits.MaxEntryBytes} are allowed.");
            }

            declared += entry.Length;
            if (declared > limits.MaxArchiveBytes)
            {
                throw new ArchiveRejectedException($"The archive holds more than {limits.MaxArchiveBytes} bytes uncompressed.");
            }

            if (!seen.Add(path))
            {
                throw new ArchiveRejectedException($"Entry '{entry.FullName}' appears twice.");
            }

            files.Add((entry, path));
        }

        return files;
    }

    private static async Task<long> CopyCappedAsync(Stream source, Stream target, string name, StorageOptions limits, long totalLeft, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += read;
            if (written > limits.MaxEntryBytes)
            {
                throw new ArchiveRejectedException($"Entry '{name}' expands beyond {limits.MaxEntryBytes} bytes.");
            }

            if (written > totalLeft)
            {
                throw new ArchiveRejectedException($"The archive expands beyond {limits.MaxArchiveBytes} bytes.");
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return written;
    }
}

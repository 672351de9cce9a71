namespace PatientDocs.PatientDocuments.Conversion;

/// <summary>Bound from <c>PatientDocs:Services:Conversion</c> (the runtime binds its Limits/Queues subsections: slots and memory budget).</summary>
public sealed class ConversionOptions
{
    public const string Section = "PatientDocs:Services:Conversion";

    /// <summary>Simulated single-threaded work per file, in service time (divided by TimeScale).</summary>
    public double SecondsPerFile { get; set; } = 2;

    /// <summary>Memory one conversion declares, in MB; 0 derives it from the file size (see <see cref="MemoryFor"/>).</summary>
    public int MemoryPerFileMb { get; set; }

    /// <summary>The least a derived conversion declares.</summary>
    public int MinMemoryPerFileMb { get; set; } = 128;

    /// <summary>The most one conversion may declare (the seed: up to 1 GB).</summary>
    public int MaxMemoryPerFileMb { get; set; } = 1024;

    /// <summary>Derived memory grows by 1 MB per this many bytes of input, between the minimum and the maximum.</summary>
    public int BytesPerMb { get; set; } = 16;

    /// <summary>The most files one conversion item converts, one after another in one slot (each item costs the engine a task).</summary>
    public int MaxFilesPerItem { get; set; } = 20;

    /// <summary>An archive with at least this many files is split into at least this many items, so the node's slots share it.</summary>
    public int MinItemsPerArchive { get; set; } = 8;

    public IEnumerable<string> Validate()
    {
        if (SecondsPerFile < 0 || double.IsNaN(SecondsPerFile))
        {
            yield return $"{Section}:SecondsPerFile must be zero or positive.";
        }

        if (MinMemoryPerFileMb <= 0 || MaxMemoryPerFileMb < MinMemoryPerFileMb || MaxMemoryPerFileMb > 1024)
        {
            yield return $"{Section}:MinMemoryPerFileMb must be positive and not above MaxMemoryPerFileMb (at most 1024).";
        }

        if (MemoryPerFileMb < 0 || MemoryPerFileMb > MaxMemoryPerFileMb)
        {
            yield return $"{Section}:MemoryPerFileMb must be 0 (derive) or between 1 and MaxMemoryPerFileMb.";
        }

        if (BytesPerMb <= 0)
        {
            yield return $"{Section}:BytesPerMb must be positive.";
        }

        if (MaxFilesPerItem < 1)
        {
            yield return $"{Section}:MaxFilesPerItem must be at least 1.";
        }

        if (MinItemsPerArchive < 1)
        {
            yield return $"{Section}:MinItemsPerArchive must be at least 1.";
        }
    }

    /// <summary>
    /// How many files each conversion item of an archive of <paramref name="fileCount"/> files converts: as many as spread the
    /// archive over <see cref="MinItemsPerArchive"/> items, at most <see cref="MaxFilesPerItem"/>, at least one.
    /// </summary>
    public int FilesPerItem(int fileCount) => Math.Clamp((fileCount + MinItemsPerArchive - 1) / MinItemsPerArchive, 1, MaxFilesPerItem);

    /// <summary>The memory a file's conversion declares: fixed when configured, else a deterministic function of its size.</summary>
    public int MemoryFor(long sizeBytes)
    {
        if (MemoryPerFileMb > 0)
        {
            return MemoryPerFileMb;
        }

        var derived = MinMemoryPerFileMb + (sizeBytes / BytesPerMb);
        return (int)Math.Clamp(derived, MinMemoryPerFileMb, MaxMemoryPerFileMb);
    }
}

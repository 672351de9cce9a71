namespace PatientDocs.Activities.Storage;

/// <summary>Bound from <c>PatientDocs:Storage</c>. Documents live under <c>{DataFolder}/documents/{patientId}/raw|pdf</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "PatientDocs:Storage";

    /// <summary>Root of PatientDocs' files; falls back to <c>PatientDocs:DataFolder</c> when unset.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>An archive with more entries is refused (zip bomb by count).</summary>
    public int MaxArchiveEntries { get; set; } = 5000;

    /// <summary>Largest uncompressed size of one entry.</summary>
    public long MaxEntryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest uncompressed size of a whole archive.</summary>
    public long MaxArchiveBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            yield return $"{Section}:DataFolder must not be empty.";
        }

        if (MaxArchiveEntries <= 0)
        {
            yield return $"{Section}:MaxArchiveEntries must be positive.";
        }

        if (MaxEntryBytes <= 0 || MaxArchiveBytes < MaxEntryBytes)
        {
            yield return $"{Section}:MaxEntryBytes must be positive and not above MaxArchiveBytes.";
        }
    }
}

namespace PatientDocs.PatientDocuments.Storage;

/// <summary>An archive that must not be extracted: corrupt, path traversal, or over the size or entry caps. Never worth a retry.</summary>
public sealed class ArchiveRejectedException : Exception
{
    public ArchiveRejectedException()
    {
    }

    public ArchiveRejectedException(string message)
        : base(message)
    {
    }

    public ArchiveRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace PatientDocs.PatientDocuments.Storage;

/// <summary>
/// Writing to our own storage failed (disk full, a path that cannot be created). Not derived from <see cref="IOException"/>
/// on purpose: a network read error is worth a retry, a local write error is not, and the two must not be confused.
/// </summary>
public sealed class LocalStorageException : Exception
{
    public LocalStorageException()
    {
    }

    public LocalStorageException(string message)
        : base(message)
    {
    }

    public LocalStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace PatientDocs.PatientDocuments.Clients.DocumentExchange;

/// <summary>The answer of <c>GET /jobs/{jobId}</c>: when done, a null archive URL means the patient has no documents.</summary>
public sealed record SearchJobStatus(string JobId, string Status, string? ArchiveUrl, int? DocumentCount)
{
    public bool IsDone => string.Equals(Status, "done", StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => string.Equals(Status, "failed", StringComparison.OrdinalIgnoreCase);
}

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>When <see cref="Status"/> is "done", a null <see cref="ArchiveUrl"/> means the patient has no documents.</summary>
public sealed record JobStatus(string JobId, string Status, string? ArchiveUrl, int? DocumentCount);

namespace PatientDocs.StateLanguage.Storage;

/// <summary>A start's idempotency key: the request it came with (canonical JSON) and the execution it started.</summary>
public sealed class IdempotencyKeyRow
{
    public string Key { get; set; } = "";
    public string Request { get; set; } = "";
    public string ExecutionId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

namespace PatientDocs.Persistence.Schema;

public sealed class RateLimitGrantRow
{
    public long Id { get; set; }
    public string LimitName { get; set; } = "";
    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>The task holding the permit, so its completion can release exactly this grant.</summary>
    public string? TaskId { get; set; }
    public DateTimeOffset? HeldUntil { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
}

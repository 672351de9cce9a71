namespace PatientDocs.Persistence.Schema;

public sealed class RateLimitGrantRow
{
    public long Id { get; set; }
    public string LimitName { get; set; } = "";

    /// <summary>The grant as its holder was handed it, in the holder's clock; with the task id it identifies the attempt.</summary>
    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>The task holding the permit, so its completion can release exactly this grant.</summary>
    public string? TaskId { get; set; }

    /// <summary>The end of the hold and the answer, in the window's clock (the database's on PostgreSQL): what the window counts.</summary>
    public DateTimeOffset? HeldUntil { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }

    /// <summary>What it charges a weighted limit (the estimate, then the attempt's reported usage); 1 in an unweighted one.</summary>
    public long Weight { get; set; } = 1;
}

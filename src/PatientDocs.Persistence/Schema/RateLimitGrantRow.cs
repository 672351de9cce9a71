namespace PatientDocs.Persistence.Schema;

public sealed class RateLimitGrantRow
{
    public long Id { get; set; }
    public string LimitName { get; set; } = "";
    public DateTimeOffset GrantedAt { get; set; }
}

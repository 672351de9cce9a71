namespace PatientDocs.Persistence.Schema;

/// <summary>One row per limit name: claimers lock it so the count-then-grant of a sliding window is serialised.</summary>
public sealed class RateLimitRow
{
    public string Name { get; set; } = "";
}

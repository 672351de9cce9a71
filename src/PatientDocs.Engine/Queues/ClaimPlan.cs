namespace PatientDocs.Engine.Queues;

/// <summary>
/// What a claim takes, in claim order, why it stopped, and, when the limit stopped it, when the claimer should look again
/// (a lookahead before the next permit frees up).
/// </summary>
public sealed record ClaimPlan(IReadOnlyList<PlannedClaim> Claims, ClaimStop Stop, DateTimeOffset? NextClaimAt);

namespace PatientDocs.Engine.Queues;

/// <summary>
/// Permits for one holder: granted together at <see cref="GrantedAt"/> and held until <see cref="HeldUntil"/>, or, when the
/// window has no room for all of them within the lookahead, when to look again.
/// </summary>
public sealed record PermitPlan(DateTimeOffset? GrantedAt, DateTimeOffset? HeldUntil, DateTimeOffset? NextClaimAt);

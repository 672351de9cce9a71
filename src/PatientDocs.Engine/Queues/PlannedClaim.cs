namespace PatientDocs.Engine.Queues;

/// <summary>
/// A task the claimer takes. With a limit, <see cref="GrantedAt"/> is its permit's time (now, or within the lookahead), before
/// which it must not send, and <see cref="HeldUntil"/> the end of its hold, from which the permit counts until released.
/// </summary>
public sealed record PlannedClaim(string TaskId, DateTimeOffset? GrantedAt, DateTimeOffset? HeldUntil);

namespace PatientDocs.Engine.Queues;

/// <summary>
/// A task the claimer takes. With a limit, <see cref="GrantedAt"/> is its permit's time (now, or within the lookahead), before
/// which it must not send, and <see cref="HeldUntil"/> the end of its hold, from which the permit counts until released.
/// With a weighted limit, <see cref="UnitsHeldUntil"/> is the end of the hold of its units' grant (same grant time).
/// <see cref="Oversized"/>: its units exceed the weighted limit's whole capacity; it is taken without any grant so the
/// claimer refuses it at once instead of leaving it queued forever.
/// </summary>
public sealed record PlannedClaim(string TaskId, DateTimeOffset? GrantedAt, DateTimeOffset? HeldUntil)
{
    public DateTimeOffset? UnitsHeldUntil { get; init; }

    public bool Oversized { get; init; }
}

namespace PatientDocs.Persistence.Store;

/// <summary>
/// The time a claim decides a rate-limit window at (<see cref="Now"/>), and how that clock's times map into the claimer's.
/// On the database's clock the claimer's own reading of the same instant is only known to lie between a reading taken
/// just before and one taken just after the database's; so a grant maps through the later one (the request never leaves
/// before its grant) and the end of a hold, or a time to look again, through the earlier one (the holder never sends
/// after the hold the window counts, and never wakes late).
/// </summary>
internal readonly record struct LimitTime(DateTimeOffset Now, DateTimeOffset NodeBefore, DateTimeOffset NodeAfter, bool OnDatabaseClock)
{
    /// <summary>One clock for the window and the claimer: nothing to translate.</summary>
    public static LimitTime OnNodeClock(DateTimeOffset now) => new(now, now, now, OnDatabaseClock: false);

    /// <summary>The claimer's time after the window's time was read: what its lease counts from.</summary>
    public DateTimeOffset NodeNow => NodeAfter;

    /// <summary>
    /// Added to every hold stored in the window: the holder's end of the hold (its grant plus the hold, in its clock) then
    /// falls inside the stored one however the two readings straddle the database's.
    /// </summary>
    public TimeSpan Uncertainty => NodeAfter - NodeBefore;

    /// <summary>
    /// A grant in the claimer's clock, to the tick: the claimer must not send before it. The store keeps it as the
    /// attempt's identity in whole milliseconds, rounded down in every statement that writes or matches it, so the
    /// claimer's exact value and the stored one name the same grant. Rounded up to the millisecond instead, the grant
    /// would delay every request by most of a millisecond, once per window.
    /// </summary>
    public DateTimeOffset GrantForNode(DateTimeOffset grant) =>
        OnDatabaseClock ? grant + (NodeAfter - Now) : grant;

    /// <summary>When the claimer should look again, in its clock.</summary>
    public DateTimeOffset WakeForNode(DateTimeOffset at) =>
        OnDatabaseClock ? at + (NodeBefore - Now) : at;
}

namespace PatientDocs.Engine.Queues;

/// <summary>
/// A queue as the workers run it; <see cref="Limit"/> is shared by every queue of its group. <see cref="StartToCloseTimeout"/>
/// (already divided by TimeScale) bounds one attempt; null means none. <see cref="UnitLimit"/> is the group's weighted limit, if any.
/// </summary>
public sealed record ResolvedQueue(string Name, string Service, int Slots, long? Budget, ResolvedLimit? Limit, bool IsDefault, TimeSpan? StartToCloseTimeout = null)
{
    public ResolvedLimit? UnitLimit { get; init; }
}

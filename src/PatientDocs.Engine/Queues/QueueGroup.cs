namespace PatientDocs.Engine.Queues;

/// <summary>
/// Queues claimed together: those sharing one limit (priority spans them), or a single unlimited queue. <see cref="UnitLimit"/>
/// is their shared weighted limit, if any (alone it groups them as a limit does).
/// </summary>
public sealed record QueueGroup(string Name, string Service, IReadOnlyList<ResolvedQueue> Queues, ResolvedLimit? Limit)
{
    public ResolvedLimit? UnitLimit { get; init; }

    /// <summary>The limit whose hold bounds an attempt's request: the shorter of the two when both are set.</summary>
    public TimeSpan? Hold => (Limit?.Hold, UnitLimit?.Hold) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        (var a, var b) => a ?? b,
    };
}

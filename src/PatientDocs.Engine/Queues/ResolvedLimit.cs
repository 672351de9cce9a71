
namespace PatientDocs.Engine.Queues;

/// <summary>
/// A shared limit with its global name <c>{Service}.{Limit}</c>; <see cref="Window"/> = Period / TimeScale × (1 + Drift) + Guard and
/// <see cref="Hold"/> the scaled longest time a request may be under way on one permit.
/// </summary>
public sealed record ResolvedLimit(string Name, int Permits, TimeSpan Window, TimeSpan Hold, TimeSpan Lookahead)
{
    public RateLimitSpec ToSpec() => new(Name, Permits, Window, Hold, Lookahead);
}

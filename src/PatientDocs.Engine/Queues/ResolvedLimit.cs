using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Queues;

/// <summary>A shared limit with its global name <c>{Service}.{Limit}</c>; <see cref="Window"/> = Period / TimeScale + Guard.</summary>
public sealed record ResolvedLimit(string Name, int Permits, TimeSpan Window, TimeSpan Guard)
{
    public RateLimitSpec ToSpec() => new(Name, Permits, Window);
}

namespace PatientDocs.Testing;

// Kept beside FakeTimeProvider, which only moves when told: a skew test needs a clock that runs on its own, off by a fixed amount.
/// <summary>The system clock shifted by a fixed offset: a node whose clock is wrong. Timers and delays run in real time.</summary>
public sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

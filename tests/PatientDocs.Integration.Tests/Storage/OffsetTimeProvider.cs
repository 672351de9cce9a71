namespace PatientDocs.Integration.Tests.Storage;

/// <summary>The system clock shifted by a fixed offset: a node whose clock is wrong. Timers and delays run in real time.</summary>
public sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

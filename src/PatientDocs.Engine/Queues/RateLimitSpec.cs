namespace PatientDocs.Engine.Queues;

/// <summary>
/// Shared limit on the queues being claimed: no window of <see cref="Window"/> holds more than <see cref="Permits"/>
/// requests. A permit counts from its release, or while unreleased from its grant plus <see cref="Hold"/>
/// (<see cref="SlidingWindow"/>). A task may be claimed up to <see cref="Lookahead"/> before its permit frees up;
/// its <c>TaskRecord.PermitGrantedAt</c> is then that later time, before which it must not send.
/// </summary>
public sealed record RateLimitSpec(string Name, int Permits, TimeSpan Window, TimeSpan Hold, TimeSpan Lookahead = default);

namespace PatientDocs.Engine.Queues;

/// <summary>
/// A sliding-window limit: no window of <see cref="Period"/> (scaled) plus <see cref="Guard"/> holds more than
/// <see cref="Permits"/> requests. A permit counts from the answer to its request, so delays before the request leaves
/// or on the way cost throughput, never a violation.
/// </summary>
public sealed class RateLimitOptions
{
    public int Permits { get; set; } = 10;

    /// <summary>The service's window; divided by TimeScale.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Real time added to the window for timestamp rounding between us and the service; not scaled.</summary>
    public TimeSpan Guard { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Longest a request may be under way on one permit (divided by TimeScale, never below <see cref="MinimumHold"/>). A
    /// request not answered by then is abandoned; a permit whose holder died counts until its grant plus this.
    /// </summary>
    public TimeSpan Hold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long before its permit frees up a task may be claimed (real time, not scaled); it then waits for the permit's
    /// time before running, so the claim and dispatch overlap the window instead of following it.
    /// </summary>
    public TimeSpan Lookahead { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Floor of the scaled hold in real time, so a high TimeScale never cuts off a normal request.</summary>
    public TimeSpan MinimumHold { get; set; } = TimeSpan.FromSeconds(2);
}

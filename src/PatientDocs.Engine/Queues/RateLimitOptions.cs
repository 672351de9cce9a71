namespace PatientDocs.Engine.Queues;

/// <summary>
/// A sliding-window limit: no window of <see cref="Period"/> (scaled), widened by <see cref="Drift"/> and
/// <see cref="Guard"/>, holds more than <see cref="Permits"/> requests. A permit counts from the answer to its request, so
/// delays before the request leaves or on the way cost throughput, never a violation; the widening covers only what the
/// answer cannot: the service's clock running at another rate than ours, and a release stored in whole milliseconds.
/// </summary>
public sealed class RateLimitOptions
{
    public int Permits { get; set; } = 10;

    /// <summary>The service's window; divided by TimeScale.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Real time added to the window, not scaled: a release is stored in whole milliseconds, rounded down on the node's
    /// clock, so a window may count from up to a millisecond before the answer.
    /// </summary>
    public TimeSpan Guard { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Fraction of the scaled period added to the window, for the service's clock running faster than ours: an error of
    /// rate grows with the window, so one fixed margin is too little for a minute's window and too much for a tenth of a
    /// second. 0.001 is 1000 ppm, twice the most NTP slews a clock (two clocks slewed apart at most).
    /// </summary>
    public double Drift { get; set; } = 0.001;

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

namespace PatientDocs.Bench.Runs;

/// <summary>
/// A run's wall clock against its monotonic clock. The server stamps instances, and the simulators stamp arrivals, on the
/// wall clock, while the simulators count their windows on the monotonic one. When the two part (a virtual machine paused
/// and its wall clock set forward afterwards, or the clock stepped), the server's windows and the simulators' disagree by
/// the step, and the makespan measures the step too: the report says so instead of passing the run off as a result.
/// </summary>
public static class ClockStep
{
    /// <summary>Reading the two clocks a few calls apart differs by far less than this.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(250);

    /// <summary>The step in seconds when the wall clock's elapsed time differs from the monotonic one by more than the tolerance; else null.</summary>
    public static double? Of(DateTimeOffset wallStart, DateTimeOffset wallNow, TimeSpan monotonicElapsed)
    {
        var step = (wallNow - wallStart) - monotonicElapsed;
        return step.Duration() > Tolerance ? step.TotalSeconds : null;
    }

    /// <summary>The run's event for a step found by <see cref="Of"/>.</summary>
    public static string Event(double step) =>
        FormattableString.Invariant($"the machine's wall clock moved {step:0.00} s more than its monotonic clock since the bulk start: this run's figures are not comparable");
}

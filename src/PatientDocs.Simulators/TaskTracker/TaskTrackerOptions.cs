using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.TaskTracker;

/// <summary>The <c>Simulators:TaskTracker</c> section.</summary>
public sealed class TaskTrackerOptions
{
    /// <summary>Every TaskTracker request.</summary>
    public LimitOptions Limit { get; set; } = new() { Permits = 10, PeriodSeconds = 1 };

    /// <summary>Latency by endpoint ("create", "status", "report", "read", "list"), in milliseconds before TimeScale.</summary>
    public Dictionary<string, double> LatencyMilliseconds { get; set; } = [];

    public List<ScheduledOutageOptions> Outages { get; set; } = [];
}

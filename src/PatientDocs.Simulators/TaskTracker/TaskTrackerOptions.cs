using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.TaskTracker;

/// <summary>The <c>Simulators:TaskTracker</c> section.</summary>
public sealed class TaskTrackerOptions
{
    /// <summary>Every TaskTracker request.</summary>
    public LimitOptions Limit { get; set; } = new() { Permits = 10, PeriodSeconds = 1 };

    /// <summary>Latency by endpoint ("create", "status", "report", "read", "list"), before TimeScale: writes cost more than reads.</summary>
    public Dictionary<string, LatencyOptions> Latency { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["create"] = new() { BaseMilliseconds = 60, JitterMilliseconds = 40 },
        ["status"] = new() { BaseMilliseconds = 50, JitterMilliseconds = 30 },
        ["report"] = new() { BaseMilliseconds = 60, JitterMilliseconds = 40 },
        ["read"] = new() { BaseMilliseconds = 30, JitterMilliseconds = 20 },
        ["list"] = new() { BaseMilliseconds = 40, JitterMilliseconds = 30 },
    };

    public List<ScheduledOutageOptions> Outages { get; set; } = [];
}

namespace PatientDocs.Simulators.Gateway;

/// <summary>
/// How long one endpoint takes to answer, before TimeScale: <see cref="BaseMilliseconds"/> plus an exponentially
/// distributed extra whose mean is <see cref="JitterMilliseconds"/> (capped at <see cref="EndpointLatency.JitterCap"/> times it).
/// </summary>
public sealed class LatencyOptions
{
    public double BaseMilliseconds { get; set; }

    public double JitterMilliseconds { get; set; }
}

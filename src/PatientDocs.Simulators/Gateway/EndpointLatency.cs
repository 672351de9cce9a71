namespace PatientDocs.Simulators.Gateway;

/// <summary>One endpoint's effective (already scaled) latency: a floor plus an exponential extra of mean <see cref="Jitter"/>.</summary>
public readonly record struct EndpointLatency(TimeSpan Base, TimeSpan Jitter)
{
    /// <summary>The extra is cut at this many means, so the slowest answer stays a few times the typical one.</summary>
    public const double JitterCap = 5;

    public static EndpointLatency None => default;

    public TimeSpan Max => Base + (Jitter * JitterCap);

    /// <summary>The latency for a uniform draw <paramref name="uniform"/> in [0, 1).</summary>
    public TimeSpan At(double uniform) => Base + (Jitter * Math.Min(JitterCap, -Math.Log(1 - uniform)));

    public static EndpointLatency From(LatencyOptions? options, double timeScale, double multiplier) =>
        options is null
            ? None
            : new(
                TimeSpan.FromMilliseconds(options.BaseMilliseconds * multiplier / timeScale),
                TimeSpan.FromMilliseconds(options.JitterMilliseconds * multiplier / timeScale));
}

namespace PatientDocs.Bench.Runs;

/// <summary>One observation in the capacity scenario: the phase, seconds since its first start request, the instances it counts (suspended or finished), the server's RSS and CPU.</summary>
public sealed record CapacitySample(string Phase, double ElapsedSeconds, int Count, double RssMb, double CpuSeconds);

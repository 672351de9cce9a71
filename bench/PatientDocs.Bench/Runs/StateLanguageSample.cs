namespace PatientDocs.Bench.Runs;

/// <summary>One poll in the state-language scenario: seconds since the first start request, executions accepted and still RUNNING, how long the RUNNING count took to answer, the server's RSS and CPU.</summary>
public sealed record StateLanguageSample(double ElapsedSeconds, int Accepted, int Running, double PollMs, double RssMb, double CpuSeconds);

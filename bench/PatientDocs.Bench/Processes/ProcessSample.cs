namespace PatientDocs.Bench.Processes;

/// <summary>Resident memory now and at its peak (VmHWM), and CPU seconds used so far (user + system).</summary>
public sealed record ProcessSample(double RssMb, double PeakRssMb, double CpuSeconds);

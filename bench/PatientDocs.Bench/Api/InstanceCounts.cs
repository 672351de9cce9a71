namespace PatientDocs.Bench.Api;

/// <summary>Instances by state: Finished means sub-status Finished (not faulted or cancelled).</summary>
public sealed record InstanceCounts(int Finished, int Running, int Faulted);

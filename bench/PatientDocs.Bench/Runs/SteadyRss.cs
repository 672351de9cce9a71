namespace PatientDocs.Bench.Runs;

/// <summary>A process's resident memory once it stopped moving: the median of the last samples, and whether they agreed within the tolerance.</summary>
public sealed record SteadyRss(double Mb, bool Settled, IReadOnlyList<double> SamplesMb);

namespace PatientDocs.Bench.Api;

/// <summary>A TaskTracker item as the bench counts it.</summary>
public sealed record TrackerItem(string PatientId, string? Status, int Reports);

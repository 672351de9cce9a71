namespace PatientDocs.Bench.Api;

/// <summary>A TaskTracker item with the text of every report appended to it.</summary>
public sealed record TrackerItemReports(string PatientId, string? Status, IReadOnlyList<string> Reports);

namespace PatientDocs.Simulators.TaskTracker;

public sealed record ReportRequest(string? Text);

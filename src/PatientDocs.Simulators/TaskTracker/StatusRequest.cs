namespace PatientDocs.Simulators.TaskTracker;

public sealed record StatusRequest(string? Status);

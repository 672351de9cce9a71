namespace PatientDocs.Simulators.TaskTracker;

public sealed record ItemCreated(string ItemId);

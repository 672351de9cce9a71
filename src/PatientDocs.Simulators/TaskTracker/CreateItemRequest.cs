namespace PatientDocs.Simulators.TaskTracker;

public sealed record CreateItemRequest(string? PatientId, string? FirstName, string? LastName);

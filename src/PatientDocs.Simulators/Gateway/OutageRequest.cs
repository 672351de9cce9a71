namespace PatientDocs.Simulators.Gateway;

public sealed record OutageRequest(string? Kind, double? DurationSeconds, double? StartInSeconds, long? StartAfterRequests);

namespace PatientDocs.Simulators.Gateway;

public sealed record EndpointStats(long Requests, long Violations, long Unavailable);

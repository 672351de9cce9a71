namespace PatientDocs.Server.Health;

public sealed record HealthReport(string Status, string? Detail);

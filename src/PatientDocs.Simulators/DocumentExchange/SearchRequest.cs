namespace PatientDocs.Simulators.DocumentExchange;

public sealed record SearchRequest(string? FirstName, string? LastName, string? PatientId);

namespace PatientDocs.Simulators.DocumentExchange;

public sealed record SearchAccepted(string JobId);

namespace PatientDocs.Simulators.Gateway;

public sealed record OutageView(string OutageId, string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

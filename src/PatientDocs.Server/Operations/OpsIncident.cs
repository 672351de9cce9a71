namespace PatientDocs.Server.Operations;

/// <summary>A running instance with incidents, which an operator may retry.</summary>
public sealed record OpsIncident(string InstanceId, string DefinitionId, string? Name, int IncidentCount, string? Error, DateTimeOffset UpdatedAt);

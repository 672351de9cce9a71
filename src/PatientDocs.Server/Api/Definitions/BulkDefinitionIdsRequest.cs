namespace PatientDocs.Server.Api.Definitions;

public sealed record BulkDefinitionIdsRequest(IReadOnlyList<string>? DefinitionIds);

namespace PatientDocs.Server.Api.Definitions;

public sealed record BulkRetractResponse(List<string> Retracted, List<string> NotPublished, List<string> NotFound);

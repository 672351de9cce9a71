namespace PatientDocs.Server.Api.Definitions;

public sealed record BulkDeleteResponse(long Deleted);

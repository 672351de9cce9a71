namespace PatientDocs.Server.Api.Definitions;

/// <summary>Elsa's bulk publish answer; definitions that fail validation are listed in <see cref="NotPublishable"/>.</summary>
public sealed record BulkPublishResponse(List<string> Published, List<string> AlreadyPublished, List<string> NotFound, List<string> NotPublishable);

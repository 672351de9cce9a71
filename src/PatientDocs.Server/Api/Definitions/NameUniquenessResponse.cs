namespace PatientDocs.Server.Api.Definitions;

/// <summary>Answer of <c>GET /workflow-definitions/validation/is-name-unique</c>.</summary>
public sealed record NameUniquenessResponse(bool IsUnique);

namespace PatientDocs.Server.Api.Descriptors;

/// <summary>Body of <c>POST /scripting/javascript/type-definitions/{definitionId}</c> (Monaco IntelliSense).</summary>
public sealed record TypeDefinitionRequest(string? WorkflowDefinitionId, string? ActivityTypeName, string? PropertyName);
